package dev.kiln.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naive peer of the orchestration benchmark, run in a JVM of its own (JDK classes only, so
 * {@code target/test-classes} is its whole class path): one platform thread per job creates a Hunyuan task at the
 * emulator and polls it with a blocking {@link HttpClient#send} every {@code pollMillis} until it ends — the design
 * Kiln's claimed work and non-blocking tracking replace.
 *
 * <p>Arguments: emulator base URL, API key, jobs, poll interval (ms), results file. It writes {@value #ALL_CREATED}
 * to its output once every task is created (the peak: every job in flight), then, when all have ended, one line
 * {@code <taskId> <epoch ms it saw the end>} per job to the results file and exits.
 */
public final class NaivePeer {

    static final String ALL_CREATED = "naive-peer: all tasks created";

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    private NaivePeer() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String apiKey = args[1];
        int jobs = Integer.parseInt(args[2]);
        long pollMillis = Long.parseLong(args[3]);
        Path results = Path.of(args[4]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        AtomicInteger created = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(jobs);
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            int index = i;
            Thread thread = new Thread(
                    () -> {
                        try {
                            String taskId = create(http, baseUrl, apiKey, index);
                            if (created.incrementAndGet() == jobs) {
                                System.out.println(ALL_CREATED);
                            }
                            while (inProgress(http, baseUrl, apiKey, taskId)) {
                                Thread.sleep(pollMillis); // the naive design: a parked thread per job
                            }
                            seen.add(taskId + " " + System.currentTimeMillis());
                        } catch (Exception e) {
                            System.out.println("naive-peer: job " + index + " failed: " + e);
                        } finally {
                            ended.countDown();
                        }
                    },
                    "naive-job-" + i);
            threads.add(thread);
            thread.start();
        }
        if (!ended.await(30, TimeUnit.MINUTES)) {
            System.out.println("naive-peer: gave up with " + ended.getCount() + " jobs unfinished");
        }
        Files.write(results, seen);
        System.exit(0);
    }

    private static String create(HttpClient http, String baseUrl, String apiKey, int index)
            throws IOException, InterruptedException {
        String body = "{\"model\":\"tencent_hunyuan_3d_pro\",\"prompt\":\"naive peer job " + index + "\"}";
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/model/v1/generation"))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() == 200 && id.find()) {
                return id.group(1);
            }
            if (attempt >= 5) {
                throw new IOException("create answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(500);
        }
    }

    private static boolean inProgress(HttpClient http, String baseUrl, String apiKey, String taskId)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/model/v1/generation/task/" + taskId))
                        .header("Authorization", "Bearer " + apiKey)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher status = STATUS.matcher(response.body());
        // Anything but a readable final status (an error answer included) is read again at the next poll.
        return response.statusCode() != 200 || !status.find() || status.group(1).equals("in_progress");
    }
}
