package dev.kiln.job.intake;

import dev.kiln.job.JobCancels;
import dev.kiln.provider.validation.ImageRules;

/**
 * The stable codes intake gives. Records that cannot name a job go to the dead-letter topic; requests that
 * name one but cannot run become {@code REJECTED} jobs. Provider adapters add their own specific codes.
 */
public final class RejectionCodes {

    // Dead-letter reasons (no job is created or changed).
    public static final String EMPTY_RECORD = "EMPTY_RECORD";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String INVALID_ENVELOPE = "INVALID_ENVELOPE";
    public static final String UNSUPPORTED_EVENT_TYPE = "UNSUPPORTED_EVENT_TYPE";
    public static final String MISSING_JOB_ID = "MISSING_JOB_ID";
    public static final String INVALID_JOB_ID = "INVALID_JOB_ID";
    public static final String DUPLICATE_JOB_ID_CONFLICT = "DUPLICATE_JOB_ID_CONFLICT";
    public static final String INVALID_CANCEL = "INVALID_CANCEL";
    public static final String UNKNOWN_JOB = "UNKNOWN_JOB";
    public static final String UNSTORABLE_REQUEST = "UNSTORABLE_REQUEST";
    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    public static final String JSON_LIMIT_EXCEEDED = "JSON_LIMIT_EXCEEDED";
    /** Kiln failed on this record in a way no rule foresaw: the record is set aside, intake goes on. */
    public static final String UNPROCESSABLE_RECORD = "UNPROCESSABLE_RECORD";

    // Rejections (a REJECTED job, announced by job.rejected).
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
    public static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";
    public static final String INVALID_DEADLINE = "INVALID_DEADLINE";
    public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
    public static final String INVALID_IMAGE_DATA = "INVALID_IMAGE_DATA";
    /** An image URL that points inside a network (loopback, private, metadata…), has user-info, or is not http(s). */
    public static final String FORBIDDEN_IMAGE_URL = "FORBIDDEN_IMAGE_URL";
    /** A REJECTED job when the number parsed but cannot be stored; a dead letter when it cannot even be read. */
    public static final String NUMBER_OUT_OF_RANGE = "NUMBER_OUT_OF_RANGE";

    // Rejections for an inline image's bytes, given by the provider validators (ImageRules reads the header of
    // the base64 data; pixel limits are each provider's documented ones).
    /** The bytes do not start with the signature of their mediaType; the message says what they are instead. */
    public static final String IMAGE_TYPE_MISMATCH = ImageRules.IMAGE_TYPE_MISMATCH;
    /** The header is truncated or damaged, or the JPEG frame header lies beyond the bytes Kiln reads. */
    public static final String IMAGE_NOT_DECODABLE = ImageRules.IMAGE_NOT_DECODABLE;
    /** A side is shorter, in pixels, than the provider takes (Hunyuan 3D Pro: 128). */
    public static final String IMAGE_TOO_SMALL = ImageRules.IMAGE_TOO_SMALL;
    /** More bytes, or a longer side in pixels (Hunyuan 3D Pro: 5000), than the provider takes. */
    public static final String IMAGE_TOO_LARGE = ImageRules.IMAGE_TOO_LARGE;

    // Cancellation.
    public static final String CANCELED_BY_CALLER = JobCancels.CANCELED_BY_CALLER;

    private RejectionCodes() {}
}
