package dev.kiln.job;

import java.util.regex.Pattern;

/** What a job id may be: the contract's pattern, checked wherever an id comes in (intake, REST). */
public final class JobIds {

    private static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    /** Said wherever an id is refused. */
    public static final String RULE =
            "a job id is 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    private JobIds() {}

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
