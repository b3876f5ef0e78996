package org.parley.file;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import org.parley.http.ApiError;

/**
 * Re-encodes an uploaded raster image into a fresh JPEG (opaque) or PNG (with transparency; every GIF), at most
 * {@value #MAX_OUTPUT_SIDE} px on its long side, plus a thumbnail of at most {@value #THUMBNAIL_SIDE} px. Only pixels
 * cross over: no EXIF (location, camera serial), XMP, comments or text chunks, and nothing appended after the image,
 * so a GIF/HTML polyglot loses its script. Dimensions are read from the header before anything is decoded, which is
 * what keeps a pixel flood (a few hundred bytes claiming 50,000 x 50,000) or a decompression bomb from taking the heap.
 */
final class ImageSanitizer {
    static final int MAX_SIDE = 20_000;
    static final long MAX_PIXELS = 50_000_000L;
    static final int MAX_OUTPUT_SIDE = 2_560;
    static final int THUMBNAIL_SIDE = 320;
    private static final float JPEG_QUALITY = 0.85f;

    private final Semaphore decodes;
    private final Duration maxWait;

    /**
     * @param concurrentDecodes how many images may be decoded at once: each holds up to ~130 MB of pixels (a
     *                          subsampled decode under twice 2,560 px square, plus the output)
     * @param maxWait           how long an upload waits for its turn before the server answers 503
     */
    ImageSanitizer(int concurrentDecodes, Duration maxWait) {
        this.decodes = new Semaphore(concurrentDecodes, true);
        this.maxWait = maxWait;
    }

    Inspected sanitize(Path upload, String type, Path workDir) {
        ImageReader reader = readerFor(type);
        try (ImageInputStream in = new FileImageInputStream(upload.toFile())) {
            reader.setInput(in, true, true);
            int width = dimension(reader, true);
            int height = dimension(reader, false);
            refuseFloods(width, height);
            awaitTurn();
            try {
                int orientation = FileTypes.GIF.equals(type) ? ExifOrientation.NORMAL : ExifOrientation.read(upload);
                BufferedImage full = upright(decode(reader, Math.max(width, height)), orientation, MAX_OUTPUT_SIDE);
                BufferedImage thumbnail = fitWithin(full, THUMBNAIL_SIDE);
                // A GIF becomes PNG even when opaque: its flat colours and sharp edges are what JPEG does worst.
                boolean png = FileTypes.GIF.equals(type) || full.getColorModel().hasAlpha();
                String outputType = png ? FileTypes.PNG : FileTypes.JPEG;
                String extension = FileTypes.extension(outputType);
                Path body = write(full, png, workDir.resolve("image." + extension));
                Path thumb = write(thumbnail, png, workDir.resolve("thumbnail." + extension));
                return new Inspected(outputType, "image", body, Files.size(body), full.getWidth(), full.getHeight(),
                        thumb, outputType, extension);
            } finally {
                decodes.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(String type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type + " (is TwelveMonkeys on the classpath?)");
        }
        return readers.next();
    }

    /** Reads one side from the header only; a header that cannot be read is a broken image. */
    private static int dimension(ImageReader reader, boolean width) {
        try {
            return width ? reader.getWidth(0) : reader.getHeight(0);
        } catch (IOException | RuntimeException broken) {
            throw invalid();
        }
    }

    private static void refuseFloods(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw invalid();
        }
        if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
            throw new ApiError(413, "image_too_large", "This image is " + width + " x " + height
                    + " pixels; images may have at most " + MAX_PIXELS / 1_000_000 + " megapixels and "
                    + String.format(Locale.ROOT, "%,d", MAX_SIDE) + " pixels on a side.");
        }
    }

    private void awaitTurn() {
        try {
            if (!decodes.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    /**
     * Decodes the first frame, skipping rows and columns on the way in (source subsampling) so that a large photo
     * lands at between one and two times the output size instead of at full size.
     */
    private static BufferedImage decode(ImageReader reader, int longSide) {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, longSide / MAX_OUTPUT_SIDE);
        param.setSourceSubsampling(step, step, 0, 0);
        StrictReading strict = new StrictReading();
        reader.addIIOReadWarningListener(strict);
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException broken) {
            // Decoders report corrupt input as IIOException or as whatever their parsing trips on.
            throw invalid();
        }
        if (strict.truncated()) {
            throw invalid();
        }
        return image;
    }

    /**
     * A fresh RGB image (ARGB when the source has transparency), turned as the orientation says and scaled to at most
     * {@code maxSide} on its long side in the same drawing, so only one output-sized copy joins the decoded pixels.
     * Whatever the decoder made (palette, 16 bits, CMYK, grey), the writers get one plain layout.
     */
    private static BufferedImage upright(BufferedImage source, int orientation, int maxSide) {
        boolean swap = ExifOrientation.swapsSides(orientation);
        int turnedWidth = swap ? source.getHeight() : source.getWidth();
        int turnedHeight = swap ? source.getWidth() : source.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(turnedWidth, turnedHeight));
        int width = Math.max(1, (int) Math.round(turnedWidth * scale));
        int height = Math.max(1, (int) Math.round(turnedHeight * scale));
        AffineTransform transform = AffineTransform.getScaleInstance(
                (double) width / turnedWidth, (double) height / turnedHeight);
        transform.concatenate(ExifOrientation.transform(orientation, source.getWidth(), source.getHeight()));
        BufferedImage upright = new BufferedImage(width, height,
                source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = upright.createGraphics();
        try {
            // Subsampling left at most a factor of two to go, which bilinear handles; unscaled, copy pixels exactly.
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale < 1.0
                    ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, transform, null);
        } finally {
            g.dispose();
        }
        return upright;
    }

    /**
     * Scales down to at most {@code maxSide} on the long side, halving step by step: one big bilinear step would
     * skip most source pixels and alias. An image already small enough comes back as it is.
     */
    private static BufferedImage fitWithin(BufferedImage image, int maxSide) {
        int longSide = Math.max(image.getWidth(), image.getHeight());
        if (longSide <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / longSide;
        int targetWidth = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int targetHeight = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return resized(current, targetWidth, targetHeight);
    }

    private static BufferedImage resized(BufferedImage source, int width, int height) {
        if (source.getWidth() == width && source.getHeight() == height) {
            return source;
        }
        BufferedImage target = new BufferedImage(width, height, source.getType());
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** Writes pixels only: no metadata object is handed to the writer, so none of the upload's can survive. */
    private static Path write(BufferedImage image, boolean png, Path target) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(png ? "png" : "jpeg").next();
        try (FileImageOutputStream out = new FileImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!png) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return target;
    }

    /**
     * Listens to what a decoder says while it carries on. A JPEG cut short decodes "successfully" with grey where the
     * data ran out; that is a broken upload, not a photo. Other warnings (say, extraneous bytes before a marker,
     * common in real camera files) leave a complete picture and pass.
     */
    private static final class StrictReading implements IIOReadWarningListener {
        private boolean truncated;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            // libjpeg: "Premature end of JPEG file", "...premature end of data segment"; TwelveMonkeys: "Truncated File"
            if (lower.contains("premature end") || lower.contains("truncated")) {
                truncated = true;
            }
        }

        boolean truncated() {
            return truncated;
        }
    }

    private static ApiError invalid() {
        return new ApiError(422, "invalid_image", "This image is damaged or incomplete and cannot be shown; "
                + "please upload it again or send another copy.");
    }

    private static ApiError busy() {
        return new ApiError(503, "busy", "Too many images are being processed right now; please try again shortly.");
    }
}
