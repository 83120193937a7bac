package dev.kiln.emulator.asset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Generates the bytes of an {@link AssetSpec}, and their checksum, without keeping them in memory. */
public final class Assets {
    private Assets() {}

    /** The generated file, streamed when opened. */
    public static ByteRegion generate(AssetSpec spec) {
        return switch (spec.format()) {
            case GLB -> GlbAsset.create(spec);
            case OBJ -> ObjAsset.create(spec, mtlNameFor(spec));
            case MTL -> ByteRegion.of(ObjAsset.material(textureNameFor(spec)));
            case STL -> StlAsset.create(spec);
            case FBX -> FbxAsset.create(spec);
            case USDZ -> ZippedAssets.usdz(spec);
            case THREE_MF -> ZippedAssets.threeMf(spec);
            case OBJ_ZIP -> ZippedAssets.objBundle(spec);
            case PNG -> ByteRegion.of(PngImage.checkerboard(spec.seed()));
            case WEBP -> ByteRegion.of(WebpImage.solid(spec.seed()));
        };
    }

    /** The exact length {@link #generate} will produce. */
    public static long length(AssetSpec spec) {
        return generate(spec).length();
    }

    /** The lowercase hex SHA-256 of the generated file, computed by generating it again. */
    public static String sha256(AssetSpec spec) {
        try (InputStream in = generate(spec).open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The MTL file name a standalone textured OBJ refers to: {@code <seed>.mtl} with the seed made safe
     * for a file name. Serve the MTL (format {@link AssetFormat#MTL}) under this name next to the OBJ.
     */
    public static String mtlNameFor(AssetSpec spec) {
        return safeName(spec.seed()) + ".mtl";
    }

    /** The texture file name an MTL refers to: {@code <seed>.png}. */
    public static String textureNameFor(AssetSpec spec) {
        return safeName(spec.seed()) + ".png";
    }

    private static String safeName(String seed) {
        StringBuilder name = new StringBuilder();
        for (byte b : seed.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            name.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return name.toString();
    }
}
