package org.parley.file;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Uploads made in code, byte by byte where it matters, so no binary fixture is committed. */
final class TestFiles {
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final String CAMERA = "ParleyCam X1";
    static final String SERIAL = "SN-4242-PARLEY";

    private TestFiles() {
    }

    /** A picture whose top half is red and bottom half blue, so a turn shows in where the colours land. */
    static BufferedImage redOverBlue(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A JPEG carrying an EXIF APP1 segment right after SOI, as cameras write it: IFD0 with the camera's Make, an
     * ImageDescription holding a serial number, the Orientation, and a GPS IFD placing it at 48°51'29" N, 2°17'40" E.
     */
    static byte[] jpegWithExif(BufferedImage image, int orientation) {
        byte[] jpeg = encode(image, "jpeg");
        byte[] exif = exifSegment(orientation);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), exif, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    private static byte[] exifSegment(int orientation) {
        // TIFF, big-endian ("MM"); offsets count from the TIFF header.
        ByteBuffer tiff = ByteBuffer.allocate(512).order(ByteOrder.BIG_ENDIAN);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        byte[] make = ascii(CAMERA);
        byte[] serial = ascii(SERIAL);
        int ifd0Entries = 4;
        int ifd0End = 8 + 2 + ifd0Entries * 12 + 4;
        int makeAt = ifd0End;
        int serialAt = makeAt + make.length;
        int gpsAt = serialAt + serial.length + (serialAt + serial.length) % 2;
        tiff.putShort((short) ifd0Entries);
        entry(tiff, 0x010E, 2, serial.length, serialAt); // ImageDescription
        entry(tiff, 0x010F, 2, make.length, makeAt);     // Make
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        entry(tiff, 0x8825, 4, 1, gpsAt);                // GPS IFD pointer
        tiff.putInt(0);
        tiff.put(make).put(serial);
        tiff.position(gpsAt);
        int gpsEntries = 4;
        int rationalsAt = gpsAt + 2 + gpsEntries * 12 + 4;
        tiff.putShort((short) gpsEntries);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});  // GPSLatitudeRef
        entry(tiff, 2, 5, 3, rationalsAt);                                                       // GPSLatitude
        tiff.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});  // GPSLongitudeRef
        entry(tiff, 4, 5, 3, rationalsAt + 24);                                                  // GPSLongitude
        tiff.putInt(0);
        for (int value : new int[] {48, 51, 29, 2, 17, 40}) {
            tiff.putInt(value).putInt(1);
        }
        byte[] tiffBytes = Arrays.copyOf(tiff.array(), tiff.position());
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiffBytes);
        ByteBuffer segment = ByteBuffer.allocate(4 + payload.length);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (payload.length + 2)).put(payload);
        return segment.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int valueOffset) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOffset);
    }

    private static byte[] ascii(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /** A PNG with the given chunks inserted right after IHDR (where tEXt and iTXt usually sit). */
    static byte[] pngWithChunks(BufferedImage image, byte[]... chunks) {
        byte[] png = encode(image, "png");
        int afterIhdr = PNG_SIGNATURE.length + 4 + 4 + 13 + 4;
        return concat(Arrays.copyOfRange(png, 0, afterIhdr), concat(chunks), Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    static byte[] textChunk(String keyword, String text) {
        return chunk("tEXt", concat(latin1(keyword), new byte[] {0}, latin1(text)));
    }

    /** An uncompressed iTXt chunk, the way XMP packets are carried in PNG. */
    static byte[] internationalTextChunk(String keyword, String text) {
        return chunk("iTXt", concat(latin1(keyword), new byte[] {0, 0, 0, 0, 0}, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Only the start of a PNG: a valid IHDR claiming {@code width} x {@code height} RGBA, a token IDAT, IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        return concat(PNG_SIGNATURE, ihdr(width, height, 8, 6), chunk("IDAT", deflate(new byte[64])),
                chunk("IEND", new byte[0]));
    }

    /**
     * A decompression bomb: a complete, valid 1-bit greyscale PNG, all black, whose zlib stream inflates to
     * {@code width/8+1} bytes per row times {@code height} rows (50 MB for 20,000 x 20,000) from a few tens of KB.
     */
    static byte[] blackPng(int width, int height) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[1 + (width + 7) / 8]; // filter type 0, then zero bits: black
            for (int y = 0; y < height; y++) {
                zlib.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return concat(PNG_SIGNATURE, ihdr(width, height, 1, 0), chunk("IDAT", compressed.toByteArray()),
                chunk("IEND", new byte[0]));
    }

    private static byte[] ihdr(int width, int height, int bitDepth, int colourType) {
        ByteBuffer data = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        return chunk("IHDR", data.array());
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] deflate(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(out)) {
            zlib.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ZIP with these entries, in this order. */
    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The smallest honest .docx: the content-type declaration, the package relationship and the document. */
    static byte[] docx() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/word/document.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>""");
        entries.put("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" \
                Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="word/document.xml"/>
                </Relationships>""");
        entries.put("word/document.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                <w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>""");
        return zip(entries);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.ISO_8859_1)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * What of the camera's metadata {@link #jpegWithExif} put in survives in {@code image}: the raw bytes (the Exif
     * marker, make, serial, the latitude's rationals) and what metadata-extractor finds.
     */
    static List<String> cameraTraces(byte[] image) throws Exception {
        List<String> traces = new ArrayList<>();
        if (contains(image, "Exif")) {
            traces.add("Exif marker");
        }
        if (contains(image, CAMERA)) {
            traces.add("camera make");
        }
        if (contains(image, SERIAL)) {
            traces.add("serial number");
        }
        if (indexOf(image, ByteBuffer.allocate(16).putInt(48).putInt(1).putInt(51).putInt(1).array()) >= 0) {
            traces.add("GPS coordinates");
        }
        Metadata metadata = metadataOf(image);
        if (metadata.getFirstDirectoryOfType(GpsDirectory.class) != null) {
            traces.add("GPS directory");
        }
        if (metadata.getFirstDirectoryOfType(ExifIFD0Directory.class) != null) {
            traces.add("EXIF directory");
        }
        for (Directory directory : metadata.getDirectories()) {
            if (directory.getName().contains("XMP")) {
                traces.add("XMP directory");
            }
        }
        return traces;
    }

    static Metadata metadataOf(byte[] image) throws Exception {
        return ImageMetadataReader.readMetadata(new ByteArrayInputStream(image));
    }

    /** Within JPEG's error of the colour (each channel off by less than 60). */
    static boolean isMostly(int rgb, Color colour) {
        Color actual = new Color(rgb, true);
        return Math.abs(actual.getRed() - colour.getRed()) < 60 && Math.abs(actual.getGreen() - colour.getGreen()) < 60
                && Math.abs(actual.getBlue() - colour.getBlue()) < 60;
    }

    /** The chunk types of a PNG, in file order. */
    static List<String> pngChunkTypes(byte[] png) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.position(PNG_SIGNATURE.length);
        List<String> types = new ArrayList<>();
        while (buffer.remaining() >= 12 && types.size() < 10_000) {
            int length = buffer.getInt();
            byte[] type = new byte[4];
            buffer.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            buffer.position(Math.min(buffer.limit(), buffer.position() + length + 4));
        }
        return types;
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
