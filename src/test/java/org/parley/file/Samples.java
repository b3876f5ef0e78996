package org.parley.file;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Files the HTTP and browser tests upload, made here (no binary fixtures in the repository). */
public final class Samples {
    private Samples() {
    }

    /** A photo-like JPEG of {@code width} × {@code height}: a colour gradient with a mark, so it is not blank. */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x += 4) {
            g.setColor(new Color((x * 255 / width), 90, 160));
            g.fillRect(x, 0, 4, height);
        }
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(image, "jpg");
    }

    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 40, 40, 180));
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return encode(image, "png");
    }

    /** A minimal one-page PDF. */
    public static byte[] pdf(String text) {
        String body = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R>>endobj\n"
                + "4 0 obj<</Length " + (text.length() + 30) + ">>stream\nBT /F1 12 Tf 10 50 Td (" + text + ") Tj ET\nendstream endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n";
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static final String SCRIPT = "<script>alert(document.cookie)</script>";

    public static byte[] svgWithScript() {
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">" + SCRIPT
                + "<rect width=\"10\" height=\"10\"/></svg>").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] html() {
        return ("<!DOCTYPE html><html><body><h1>Hi</h1>" + SCRIPT + "</body></html>").getBytes(StandardCharsets.UTF_8);
    }

    /** A real PNG with a web page after its end: a browser sniffing it could run the page; re-encoding drops it. */
    public static byte[] polyglot() {
        byte[] png = png(16, 16);
        byte[] page = html();
        byte[] out = new byte[png.length + page.length];
        System.arraycopy(png, 0, out, 0, png.length);
        System.arraycopy(page, 0, out, png.length, page.length);
        return out;
    }

    /** The header of a {@code width} × {@code height} PNG (signature, IHDR, an empty IDAT, IEND): a pixel flood. */
    public static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    public static byte[] executable() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = 0x40;
        exe[0x40] = 'P';
        exe[0x41] = 'E';
        return exe;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
