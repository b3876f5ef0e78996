package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.http.ApiError;

/** What an upload becomes (docs/files.md): its type from its bytes, images re-encoded clean, floods refused. */
class FileInspectorTest {
    private static final String PAYLOAD = "<script>alert('parley-payload')</script>";
    private static final String DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @TempDir
    Path temp;

    private final FileInspector inspector = new FileInspector();
    private int uploads;

    @Test
    void aPhotoLosesItsExifAndGpsAndIsTurnedUprightWithAThumbnail() throws Exception {
        byte[] upload = TestFiles.jpegWithExif(TestFiles.redOverBlue(1000, 600, BufferedImage.TYPE_INT_RGB), 6);
        // The upload really carries what must go, as seen by the same check that finds none in the output.
        assertThat(TestFiles.cameraTraces(upload)).contains("Exif marker", "camera make", "serial number",
                "GPS coordinates", "GPS directory", "EXIF directory");
        GpsDirectory uploadedGps = TestFiles.metadataOf(upload).getFirstDirectoryOfType(GpsDirectory.class);
        assertThat(uploadedGps.getGeoLocation().getLatitude()).isCloseTo(48.858, within(0.001));

        Inspected result = inspect(upload, "IMG_0001.jpg");

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertThat(result.kind()).isEqualTo("image");
        assertThat(result.extension()).isEqualTo("jpg");
        byte[] body = Files.readAllBytes(result.body());
        assertThat(result.size()).isEqualTo(body.length);
        assertThat(TestFiles.cameraTraces(body)).isEmpty();
        // Stored 1000 x 600 with "turn a quarter clockwise": shown 600 x 1000, the red top now on the right.
        assertThat(result.width()).isEqualTo(600);
        assertThat(result.height()).isEqualTo(1000);
        BufferedImage shown = ImageIO.read(result.body().toFile());
        assertThat(shown.getWidth()).isEqualTo(600);
        assertThat(shown.getHeight()).isEqualTo(1000);
        assertThat(TestFiles.isMostly(shown.getRGB(450, 500), Color.RED)).isTrue();
        assertThat(TestFiles.isMostly(shown.getRGB(150, 500), Color.BLUE)).isTrue();

        assertThat(result.thumbnailType()).isEqualTo("image/jpeg");
        assertThat(TestFiles.cameraTraces(Files.readAllBytes(result.thumbnail()))).isEmpty();
        BufferedImage thumbnail = ImageIO.read(result.thumbnail().toFile());
        assertThat(thumbnail.getHeight()).isEqualTo(320);
        assertThat(thumbnail.getWidth()).isEqualTo(192);
        assertThat(TestFiles.isMostly(thumbnail.getRGB(150, 160), Color.RED)).isTrue();
    }

    @Test
    void aPngLosesItsTextChunks() throws Exception {
        BufferedImage picture = TestFiles.redOverBlue(64, 48, BufferedImage.TYPE_INT_ARGB);
        picture.setRGB(0, 0, 0x00000000);
        byte[] upload = TestFiles.pngWithChunks(picture,
                TestFiles.textChunk("Comment", "home: 12 Secret Lane"),
                TestFiles.internationalTextChunk("XML:com.adobe.xmp", "<x:xmpmeta>GPSLatitude 48,51.48N</x:xmpmeta>"));
        assertThat(TestFiles.pngChunkTypes(upload)).contains("tEXt", "iTXt");

        Inspected result = inspect(upload, "screenshot.png");

        assertThat(result.contentType()).isEqualTo("image/png");
        byte[] body = Files.readAllBytes(result.body());
        assertThat(TestFiles.pngChunkTypes(body)).doesNotContain("tEXt", "iTXt", "zTXt", "eXIf", "tIME");
        assertThat(TestFiles.contains(body, "Secret Lane")).isFalse();
        assertThat(TestFiles.contains(body, "xmpmeta")).isFalse();
        assertThat(TestFiles.pngChunkTypes(Files.readAllBytes(result.thumbnail()))).doesNotContain("tEXt", "iTXt", "zTXt");
    }

    @Test
    void aPngWithTransparencyStaysPngAndKeepsIt() throws Exception {
        BufferedImage picture = TestFiles.redOverBlue(40, 40, BufferedImage.TYPE_INT_ARGB);
        picture.setRGB(0, 0, 0x00000000);
        picture.setRGB(1, 0, 0x00000000);

        Inspected result = inspect(TestFiles.encode(picture, "png"), "logo.png");

        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.extension()).isEqualTo("png");
        assertThat(result.thumbnailType()).isEqualTo("image/png");
        BufferedImage stored = ImageIO.read(result.body().toFile());
        assertThat(stored.getRGB(0, 0) >>> 24).isZero();
        assertThat(stored.getRGB(20, 5) >>> 24).isEqualTo(255);
        assertThat(TestFiles.isMostly(stored.getRGB(20, 5), Color.RED)).isTrue();
    }

    @Test
    void anOpaquePngIsStoredAsJpeg() throws Exception {
        Inspected result = inspect(TestFiles.encode(TestFiles.redOverBlue(50, 30, BufferedImage.TYPE_INT_RGB), "png"),
                "photo.png");

        assertThat(result.contentType()).isEqualTo("image/jpeg");
        assertThat(ImageIO.read(result.body().toFile()).getWidth()).isEqualTo(50);
    }

    @Test
    void aGifBecomesAPng() throws Exception {
        Inspected result = inspect(TestFiles.encode(TestFiles.redOverBlue(30, 20, BufferedImage.TYPE_INT_RGB), "gif"),
                "party.gif");

        assertThat(result.contentType()).isEqualTo("image/png");
        assertThat(result.kind()).isEqualTo("image");
        assertThat(Arrays.copyOf(Files.readAllBytes(result.body()), 8)).isEqualTo(TestFiles.PNG_SIGNATURE);
        assertThat(result.width()).isEqualTo(30);
        assertThat(result.height()).isEqualTo(20);
        assertThat(TestFiles.isMostly(ImageIO.read(result.body().toFile()).getRGB(15, 2), Color.RED)).isTrue();
    }

    @Test
    void aWebpIsDecodedAndReEncoded() throws Exception {
        // The 1 x 1 lossless WebP that browsers' feature tests use.
        byte[] webp = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

        Inspected result = inspect(webp, "pixel.webp");

        assertThat(result.kind()).isEqualTo("image");
        assertThat(result.contentType()).isIn("image/png", "image/jpeg");
        assertThat(result.width()).isEqualTo(1);
        assertThat(ImageIO.read(result.body().toFile()).getHeight()).isEqualTo(1);
    }

    @Test
    void aLargePhotoIsScaledToTheLongSideLimitAndTurned() throws Exception {
        // 6000 x 1500, "turn a quarter anticlockwise": decoded at half size, turned, then scaled to 640 x 2560.
        byte[] upload = TestFiles.jpegWithExif(TestFiles.redOverBlue(6000, 1500, BufferedImage.TYPE_INT_RGB), 8);

        Inspected result = inspect(upload, "panorama.jpg");

        assertThat(result.width()).isEqualTo(640);
        assertThat(result.height()).isEqualTo(2560);
        BufferedImage shown = ImageIO.read(result.body().toFile());
        assertThat(TestFiles.isMostly(shown.getRGB(160, 1280), Color.RED)).isTrue();
        assertThat(TestFiles.isMostly(shown.getRGB(480, 1280), Color.BLUE)).isTrue();
        BufferedImage thumbnail = ImageIO.read(result.thumbnail().toFile());
        assertThat(thumbnail.getWidth()).isEqualTo(80);
        assertThat(thumbnail.getHeight()).isEqualTo(320);
    }

    @Test
    void polyglotsLoseTheirPayload() throws Exception {
        BufferedImage picture = TestFiles.redOverBlue(16, 16, BufferedImage.TYPE_INT_RGB);
        byte[] gif = TestFiles.concat(TestFiles.encode(picture, "gif"), PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        byte[] jpeg = TestFiles.concat(TestFiles.encode(picture, "jpeg"), PAYLOAD.getBytes(StandardCharsets.US_ASCII));

        Inspected fromGif = inspect(gif, "funny.gif");
        Inspected fromJpeg = inspect(jpeg, "funny.jpg");

        assertThat(fromGif.contentType()).isEqualTo("image/png");
        assertThat(TestFiles.contains(Files.readAllBytes(fromGif.body()), "parley-payload")).isFalse();
        assertThat(fromJpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(TestFiles.contains(Files.readAllBytes(fromJpeg.body()), "parley-payload")).isFalse();
    }

    // ---- pixel floods and broken images ----

    @Test
    void aPixelFloodIsRefusedFromItsHeader() throws IOException {
        assertRefused(TestFiles.pngHeaderOnly(50_000, 50_000), "flood.png", 413, "image_too_large");
        // A side past 20,000 px is refused too, however few pixels it makes.
        assertRefused(TestFiles.pngHeaderOnly(25_000, 10), "strip.png", 413, "image_too_large");
    }

    @Test
    void aDecompressionBombIsRefused() throws IOException {
        byte[] bomb = TestFiles.blackPng(20_000, 20_000);
        assertThat(bomb.length).isLessThan(1_000_000); // 400 megapixels in well under a megabyte

        assertRefused(bomb, "black.png", 413, "image_too_large");
    }

    @Test
    void truncatedImagesAreInvalid() throws IOException {
        BufferedImage picture = TestFiles.redOverBlue(200, 200, BufferedImage.TYPE_INT_RGB);
        for (String format : List.of("jpeg", "png", "gif")) {
            byte[] whole = TestFiles.encode(picture, format);
            assertRefused(Arrays.copyOf(whole, whole.length / 2), "cut." + format, 422, "invalid_image");
            assertRefused(Arrays.copyOf(whole, 40), "stub." + format, 422, "invalid_image");
        }
    }

    @Test
    void aPngWithGarbageForPixelsIsInvalid() throws IOException {
        byte[] png = TestFiles.concat(TestFiles.PNG_SIGNATURE,
                Arrays.copyOfRange(TestFiles.pngHeaderOnly(10, 10), 8, 8 + 25),
                TestFiles.chunk("IDAT", "not zlib at all".getBytes(StandardCharsets.US_ASCII)),
                TestFiles.chunk("IEND", new byte[0]));

        assertRefused(png, "broken.png", 422, "invalid_image");
    }

    @Test
    void whenEveryDecoderIsBusyImagesWaitThenGet503ButOtherFilesPass() throws IOException {
        FileInspector saturated = new FileInspector(0, Duration.ofMillis(50));
        Path image = write(TestFiles.encode(TestFiles.redOverBlue(8, 8, BufferedImage.TYPE_INT_RGB), "png"));

        assertThatThrownBy(() -> saturated.inspect(image, "a.png", workDir()))
                .isInstanceOfSatisfying(ApiError.class, error -> {
                    assertThat(error.status()).isEqualTo(503);
                    assertThat(error.code()).isEqualTo("busy");
                });
        Path pdf = write("%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(saturated.inspect(pdf, "a.pdf", workDir()).contentType()).isEqualTo("application/pdf");
    }

    // ---- the type comes from the bytes ----

    @Test
    void anSvgWithAScriptIsKeptAsIsButOnlyAsAFile() throws IOException {
        byte[] svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\
                <script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"""
                .getBytes(StandardCharsets.UTF_8);
        Path upload = write(svg);

        Inspected result = inspector.inspect(upload, "logo.svg", workDir());

        assertThat(result.contentType()).isEqualTo("image/svg+xml");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.body()).isEqualTo(upload);
        assertThat(Files.readAllBytes(result.body())).isEqualTo(svg);
        assertThat(result.width()).isNull();
        assertThat(result.thumbnail()).isNull();
    }

    @Test
    void htmlNamedAsAPhotoIsHtmlAndAFile() throws IOException {
        Inspected result = inspect(("<!DOCTYPE html><html><body>" + PAYLOAD + "</body></html>")
                .getBytes(StandardCharsets.UTF_8), "photo.png");

        assertThat(result.contentType()).isEqualTo("text/html");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.extension()).isEqualTo("html");
    }

    @Test
    void aPdfIsAFile() throws IOException {
        byte[] pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);

        Inspected result = inspect(pdf, "invoice");

        assertThat(result.contentType()).isEqualTo("application/pdf");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.extension()).isEqualTo("pdf");
        assertThat(result.size()).isEqualTo(pdf.length);
    }

    @Test
    void aDocxIsKnownByWhatItsZipDeclares() throws IOException {
        Inspected named = inspect(TestFiles.docx(), "x.docx");
        Inspected unnamed = inspect(TestFiles.docx(), "download");

        assertThat(named.contentType()).isEqualTo(DOCX_TYPE);
        assertThat(named.extension()).isEqualTo("docx");
        assertThat(named.kind()).isEqualTo("file");
        assertThat(unnamed.contentType()).isEqualTo(DOCX_TYPE);
    }

    @Test
    void anOpenDocumentTextIsKnownByItsMimetypeEntry() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("mimetype", "application/vnd.oasis.opendocument.text");
        entries.put("content.xml", "<office:document-content/>");

        assertThat(inspect(TestFiles.zip(entries), "notes.odt").contentType())
                .isEqualTo("application/vnd.oasis.opendocument.text");
    }

    @Test
    void aPlainZipIsRefusedWhateverItsName() throws IOException {
        byte[] zip = TestFiles.zip(Map.of("word/document.xml", "<w:document/>", "run.sh", "echo hi"));

        ApiError asZip = assertRefused(zip, "archive.zip", 415, "unsupported_type");
        assertRefused(zip, "x.docx", 415, "unsupported_type");
        assertThat(asZip.getMessage()).contains("ZIP archive").contains("PDF").contains("Word");
    }

    @Test
    void aMacroEnabledDocumentIsNotADocx() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("[Content_Types].xml", "<Types><Override PartName=\"/word/document.xml\" "
                + "ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>");
        entries.put("word/document.xml", "<w:document/>");
        entries.put("word/vbaProject.bin", "macro");

        assertRefused(TestFiles.zip(entries), "x.docx", 415, "unsupported_type");
    }

    @Test
    void anOffice97FileTakesItsFormatFromItsName() throws IOException {
        byte[] ole2 = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, ole2, 0, magic.length);

        assertThat(inspect(ole2, "report.doc").contentType()).isEqualTo("application/msword");
        assertThat(inspect(ole2, "budget.XLS").contentType()).isEqualTo("application/vnd.ms-excel");
        assertRefused(ole2, "report.exe", 415, "unsupported_type");
    }

    @Test
    void aProgramNamedAsAPdfIsRefused() throws IOException {
        byte[] program = new byte[512];
        program[0] = 'M';
        program[1] = 'Z';
        program[2] = (byte) 0x90;

        ApiError error = assertRefused(program, "a.pdf", 415, "unsupported_type");
        assertThat(error.getMessage()).contains("Windows program");
    }

    @Test
    void aHeicPhotoIsRefusedWithAClearMessage() throws IOException {
        byte[] heic = TestFiles.concat(new byte[] {0, 0, 0, 24}, "ftypheic".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, 0, 0}, "mif1heic".getBytes(StandardCharsets.US_ASCII), new byte[64]);

        ApiError error = assertRefused(heic, "IMG_0002.jpg", 415, "unsupported_type");
        assertThat(error.getMessage()).contains("image/heic").contains("JPEG");
    }

    @Test
    void utf8TextWithEmojiIsPlainText() throws IOException {
        Inspected result = inspect("Merci beaucoup 😀 — à bientôt\n".getBytes(StandardCharsets.UTF_8), "notes.txt");

        assertThat(result.contentType()).isEqualTo("text/plain");
        assertThat(result.kind()).isEqualTo("file");
        assertThat(result.extension()).isEqualTo("txt");
    }

    @Test
    void csvIsCsvOnlyWhenNamedSo() throws IOException {
        byte[] csv = "order,amount\n1042,19.90\n1043,5.00\n".getBytes(StandardCharsets.UTF_8);

        assertThat(inspect(csv, "orders.csv").contentType()).isEqualTo("text/csv");
        assertThat(inspect(csv, "orders.txt").contentType()).isEqualTo("text/plain");
    }

    @Test
    void binaryNamedAsTextIsNotText() throws IOException {
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31 + 7);
        }
        byte[] textThenBinary = TestFiles.concat(
                "just some text\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, 2, 0});

        assertRefused(binary, "readme.txt", 415, "unsupported_type");
        assertRefused(textThenBinary, "readme.txt", 415, "unsupported_type");
    }

    // ---- helpers ----

    private Inspected inspect(byte[] bytes, String name) throws IOException {
        return inspector.inspect(write(bytes), name, workDir());
    }

    private ApiError assertRefused(byte[] bytes, String name, int status, String code) throws IOException {
        Path upload = write(bytes);
        Path work = workDir();
        ApiError error = (ApiError) catchThrowable(
                () -> inspector.inspect(upload, name, work));
        assertThat(error).as(name).isNotNull();
        assertThat(error.status()).as(name).isEqualTo(status);
        assertThat(error.code()).as(name).isEqualTo(code);
        assertThat(error.getMessage()).isNotBlank();
        return error;
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(temp.resolve("upload-" + (++uploads)), bytes);
    }

    private Path workDir() throws IOException {
        return Files.createDirectory(temp.resolve("work-" + (++uploads)));
    }
}
