package dev.kiln.provider.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.TestImages;
import dev.kiln.provider.TestImages.Segment;
import dev.kiln.provider.validation.ImageHeader.Format;
import dev.kiln.provider.validation.ImageHeader.Problem;
import dev.kiln.provider.validation.ImageHeader.ProblemKind;
import dev.kiln.provider.validation.ImageHeader.Result;
import dev.kiln.provider.validation.ImageHeader.Size;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHeaderTest {

    private static Result read(byte[] bytes, String mediaType) {
        return ImageHeader.readBase64(Base64.getEncoder().encodeToString(bytes), mediaType);
    }

    private static Problem problem(Result result) {
        assertThat(result).isInstanceOf(Problem.class);
        return (Problem) result;
    }

    @Test
    void aRealPngAndJpegStateTheirSize() {
        assertThat(read(TestImages.png(300, 200), "image/png")).isEqualTo(new Size(300, 200, Format.PNG));
        assertThat(read(TestImages.jpeg(130, 4000), "image/jpeg")).isEqualTo(new Size(130, 4000, Format.JPEG));
        assertThat(read(TestImages.jpeg(64, 48), "image/jpg")).isEqualTo(new Size(64, 48, Format.JPEG));
    }

    @Test
    void aProgressiveJpegIsReadFromItsSof2() throws Exception {
        byte[] progressive = progressiveJpeg(321, 123);
        assertThat(indexOf(progressive, (byte) 0xff, (byte) 0xc2))
                .as("ImageIO wrote SOF2")
                .isPositive();
        assertThat(indexOf(progressive, (byte) 0xff, (byte) 0xc0))
                .as("and no SOF0")
                .isNegative();
        assertThat(read(progressive, "image/jpeg")).isEqualTo(new Size(321, 123, Format.JPEG));

        assertThat(read(TestImages.jpegHeader(5000, 128, 0xc2), "image/jpeg"))
                .isEqualTo(new Size(5000, 128, Format.JPEG));
    }

    @Test
    void aJpegFrameHeaderIsFoundAfterExifIccAndTables() {
        byte[] jpeg = TestImages.jpegHeader(
                640,
                480,
                0xc0,
                Segment.app(0, "JFIF", 14),
                Segment.app(1, "Exif", 30_000),
                Segment.app(2, "ICC_PROFILE", 3_000),
                new Segment(0xdb, new byte[65]), // DQT
                new Segment(0xc4, new byte[30]), // DHT sits in the SOF range but is no frame header
                new Segment(0xcc, new byte[2]), // DAC, likewise
                new Segment(0xfe, "a comment".getBytes(StandardCharsets.US_ASCII)));
        assertThat(read(jpeg, "image/jpeg")).isEqualTo(new Size(640, 480, Format.JPEG));

        // Fill bytes (FF FF ...) before a marker are allowed.
        byte[] filled = TestImages.jpegHeader(10, 20, 0xc1, Segment.app(0, "JFIF", 14));
        byte[] padded = new byte[filled.length + 3];
        System.arraycopy(filled, 0, padded, 0, 20);
        Arrays.fill(padded, 20, 23, (byte) 0xff);
        System.arraycopy(filled, 20, padded, 23, filled.length - 20);
        assertThat(read(padded, "image/jpeg")).isEqualTo(new Size(10, 20, Format.JPEG));
    }

    @Test
    void aJpegWhoseFrameHeaderLiesBeyondTheReadPrefixIsNotReadFurther() {
        byte[] header = TestImages.jpegHeader(
                800, 600, 0xc0, Segment.app(1, "Exif", 40_000), Segment.app(2, "ICC_PROFILE", 40_000));
        byte[] image = Arrays.copyOf(header, header.length + 100_000); // picture data after the header

        Problem problem = problem(read(image, "image/jpeg"));

        assertThat(problem.kind()).isEqualTo(ProblemKind.UNREADABLE_SIZE);
        assertThat(problem.message()).contains("within the first " + ImageHeader.MAX_PREFIX_BYTES + " bytes");
        // The same layout within the bound is read: only the bound stopped it.
        byte[] within = TestImages.jpegHeader(
                800, 600, 0xc0, Segment.app(1, "Exif", 30_000), Segment.app(2, "ICC_PROFILE", 30_000));
        assertThat(read(Arrays.copyOf(within, within.length + 100_000), "image/jpeg"))
                .isEqualTo(new Size(800, 600, Format.JPEG));
    }

    @Test
    void onlyABoundedPrefixOfTheBase64IsDecoded() {
        String head = Base64.getEncoder().encodeToString(Arrays.copyOf(TestImages.png(200, 100), 70_000));
        // Past the bytes the reader decodes, the text is not even base64: reading must not reach it.
        String text = head + "!!!!".repeat(1_000);

        assertThat(ImageHeader.readBase64(text, "image/png")).isEqualTo(new Size(200, 100, Format.PNG));
        assertThat(problem(ImageHeader.readBase64("!!!!", "image/png")).kind()).isEqualTo(ProblemKind.NOT_BASE64);
    }

    @Test
    void eachWebpFlavourStatesItsSizeItsOwnWay() {
        assertThat(read(TestImages.webpLossy(1024, 768), "image/webp")).isEqualTo(new Size(1024, 768, Format.WEBP));
        assertThat(read(TestImages.webpLossless(16384, 1), "image/webp")).isEqualTo(new Size(16384, 1, Format.WEBP));
        assertThat(read(TestImages.webpLossless(129, 5000), "image/webp")).isEqualTo(new Size(129, 5000, Format.WEBP));
        assertThat(read(TestImages.webpExtended(20_000, 70_000), "image/webp"))
                .isEqualTo(new Size(20_000, 70_000, Format.WEBP));
    }

    @Test
    void bytesOfAnotherTypeAreNotTheDeclaredTypeAndTheMessageSaysWhatTheyAre() {
        Problem pngAsJpeg = problem(read(TestImages.png(10, 10), "image/jpeg"));
        assertThat(pngAsJpeg.kind()).isEqualTo(ProblemKind.NOT_DECLARED_TYPE);
        assertThat(pngAsJpeg.message()).contains("image/jpeg").contains("a PNG image");
        assertThat(problem(read(TestImages.jpeg(10, 10), "image/png")).message())
                .contains("a JPEG image");
        assertThat(problem(read(TestImages.webpLossy(10, 10), "image/png")).message())
                .contains("a WebP image");
        assertThat(problem(read("GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), "image/webp"))
                        .message())
                .contains("a GIF image");
        byte[] wave = "RIFF\u0024\u0000\u0000\u0000WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problem(read(wave, "image/webp")).message()).contains("RIFF WAVE");

        Problem text = problem(read("hello world".getBytes(StandardCharsets.US_ASCII), "image/png"));
        assertThat(text.kind()).isEqualTo(ProblemKind.NOT_DECLARED_TYPE);
        assertThat(text.message()).contains("plain text");
        assertThat(problem(read(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "image/webp"))
                        .message())
                .contains("no image format Kiln knows");
        assertThat(problem(read(TestImages.png(10, 10), "image/gif")).kind()).isEqualTo(ProblemKind.NOT_DECLARED_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "jpeg-exif", "webp-lossy", "webp-lossless", "webp-extended"})
    void aHeaderCutAnywhereBeforeTheSizeIsTruncated(String kind) {
        byte[] header =
                switch (kind) {
                    case "png" -> TestImages.pngHeader(400, 300);
                    case "jpeg" -> TestImages.jpegHeader(400, 300, 0xc0);
                    case "jpeg-exif" -> TestImages.jpegHeader(
                            400, 300, 0xc0, Segment.app(0, "JFIF", 14), Segment.app(1, "Exif", 500));
                    case "webp-lossy" -> TestImages.webpLossy(400, 300);
                    case "webp-lossless" -> TestImages.webpLossless(400, 300);
                    default -> TestImages.webpExtended(400, 300);
                };
        String mediaType = kind.startsWith("png") ? "image/png" : kind.startsWith("jpeg") ? "image/jpeg" : "image/webp";
        assertThat(read(header, mediaType)).as("the whole header").isInstanceOf(Size.class);

        IntStream.range(1, header.length).forEach(cut -> {
            Problem problem = problem(read(Arrays.copyOf(header, cut), mediaType));
            assertThat(problem.kind())
                    .as("cut after %d bytes: %s", cut, problem.message())
                    .isEqualTo(ProblemKind.TRUNCATED);
        });
        assertThat(problem(read(new byte[0], mediaType)).kind()).isEqualTo(ProblemKind.TRUNCATED);
    }

    @Test
    void damagedHeadersAreUnreadableNotGuessed() {
        byte[] badCrc = TestImages.pngHeader(100, 100);
        badCrc[20] ^= 1; // the height changes, the checksum does not
        assertThat(problem(read(badCrc, "image/png")).message()).contains("checksum");
        assertThat(problem(read(TestImages.pngHeader(0, 100), "image/png")).kind())
                .isEqualTo(ProblemKind.UNREADABLE_SIZE);

        assertThat(problem(read(TestImages.jpegHeader(100, 0, 0xc0), "image/jpeg"))
                        .message())
                .contains("DNL");
        byte[] sosFirst = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xda, 0, 2, 1, 2, 3};
        assertThat(problem(read(sosFirst, "image/jpeg")).kind()).isEqualTo(ProblemKind.UNREADABLE_SIZE);
        byte[] eoiFirst = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9};
        assertThat(problem(read(eoiFirst, "image/jpeg")).kind()).isEqualTo(ProblemKind.UNREADABLE_SIZE);
        byte[] noMarker = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, 0x12, 0x34};
        assertThat(problem(read(noMarker, "image/jpeg")).message()).contains("expected a segment marker");

        byte[] lossy = TestImages.webpLossy(100, 100);
        lossy[23] = 0; // the VP8 start code
        assertThat(problem(read(lossy, "image/webp")).kind()).isEqualTo(ProblemKind.UNREADABLE_SIZE);
        byte[] alph = TestImages.webpExtended(100, 100);
        System.arraycopy("ALPH".getBytes(StandardCharsets.US_ASCII), 0, alph, 12, 4);
        assertThat(problem(read(alph, "image/webp")).message()).contains("'ALPH'");
    }

    private static byte[] progressiveJpeg(int width, int height) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(
                    null,
                    new IIOImage(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), null, null),
                    param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte first, byte second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == first && data[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }
}
