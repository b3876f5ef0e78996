package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Files (issue 16, docs/files.md), as visitors upload them: {@code --files-parallel} uploaders for
 * {@code --files-seconds} each, first phone photos (a 4,000 × 3,000 JPEG of about 2 MB, decoded, turned, scaled to
 * 2,560 px and re-encoded with a thumbnail by the server), then 1 MB documents (stored as sent); then thumbnail
 * downloads by the uploader. Prints uploads per second, MB per second in, and p50 / p99 latency of each.
 */
final class FilesRun {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ParleyClient parley;
    private final Bench.Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FilesRun(ParleyClient parley, Bench.Options options) {
        this.parley = parley;
        this.options = options;
    }

    private record Phase(int done, int failed, double seconds, List<Long> nanos) {
        String line(String what, long bytesEach) {
            Collections.sort(nanos);
            double perSecond = done / seconds;
            return String.format(java.util.Locale.ROOT, "%s: %,d in %.1f s, %.1f/s, %.1f MB/s in, p50 %.0f ms, p99 %.0f ms, %d failed",
                    what, done, seconds, perSecond, perSecond * bytesEach / 1e6, percentile(0.50), percentile(0.99), failed);
        }

        private double percentile(double p) {
            return nanos.isEmpty() ? Double.NaN : nanos.get(Math.min(nanos.size() - 1, (int) (p * nanos.size()))) / 1e6;
        }
    }

    @FunctionalInterface
    private interface Call {
        boolean run(int worker, int i) throws Exception;
    }

    String run() throws Exception {
        String token = parley.newVisitorToken();
        byte[] photo = photo(4000, 3000);
        byte[] document = document(1 << 20);
        List<String> uploaded = Collections.synchronizedList(new ArrayList<>());
        Phase photos = phase((worker, i) -> {
            String id = upload(token, "IMG_" + worker + "_" + i + ".jpg", photo);
            if (id != null && uploaded.size() < 1000) {
                uploaded.add(id);
            }
            return id != null;
        });
        Phase documents = phase((worker, i) -> upload(token, "doc-" + worker + "-" + i + ".txt", document) != null);
        if (uploaded.isEmpty()) {
            throw new IOException("no photo was uploaded");
        }
        Phase thumbnails = phase((worker, i) -> {
            String id = uploaded.get((worker * 7919 + i) % uploaded.size());
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(options.url().resolve("/api/v1/files/" + id + "/thumbnail"))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return got.statusCode() == 200;
        });
        return String.join("\n", photos.line("files: photo uploads (" + photo.length / 1000 + " KB JPEG, 12 MP)", photo.length),
                documents.line("files: document uploads (1 MB)", document.length),
                thumbnails.line("files: thumbnail downloads", 0));
    }

    /** Runs {@code call} on every worker until the phase's time is up; each call is timed. */
    private Phase phase(Call call) throws Exception {
        int parallel = options.filesParallel();
        long end = System.nanoTime() + Duration.ofSeconds(options.filesSeconds()).toNanos();
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        int[] failed = new int[1];
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 100_000 && System.nanoTime() < end; i++) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.run(worker, i);
                        } catch (Exception e) {
                            ok = false;
                        }
                        if (ok) {
                            nanos.add(System.nanoTime() - t0);
                        } else {
                            synchronized (failed) {
                                failed[0]++;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return new Phase(nanos.size(), failed[0], (System.nanoTime() - started) / 1e9, new ArrayList<>(nanos));
    }

    private String upload(String token, String name, byte[] bytes) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(options.url().resolve(
                        "/api/v1/visitor/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            System.err.println("bench: upload answered " + response.statusCode() + ": " + response.body());
            return null;
        }
        JsonNode body = ParleyClient.JSON.readTree(response.body());
        return body.get("id").asText();
    }

    /** A photo-like JPEG: gradients and noise, so it compresses like a real photo rather than a flat image. */
    static byte[] photo(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(16);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(24);
                image.setRGB(x, y, new Color((x * 200 / width + noise) & 255, (y * 200 / height + noise) & 255,
                        (120 + noise) & 255).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(width / 3, height / 3, width / 3, height / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static byte[] document(int size) {
        StringBuilder text = new StringBuilder(size);
        for (int line = 0; text.length() < size; line++) {
            text.append("Line ").append(line).append(": the size chart, the care instructions and the returns policy.\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }
}
