package org.parley.file;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.geom.AffineTransform;
import java.nio.file.Path;

/**
 * The EXIF orientation a camera wrote instead of turning the pixels. Re-encoding drops all metadata, so the turn is
 * applied to the pixels themselves, or the photo would show sideways. Values 1-8 as in the EXIF/TIFF specification.
 */
final class ExifOrientation {
    static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /** The orientation tag of the upload's EXIF, or {@link #NORMAL} when it has none or it cannot be read. */
    static int read(Path upload) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(upload.toFile());
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif == null || !exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return NORMAL;
            }
            int orientation = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
        } catch (Exception unreadable) {
            // Broken metadata is common and harmless here: the pixels decode on their own, shown as stored.
            return NORMAL;
        }
    }

    /** Orientations 5-8 turn the picture a quarter: width and height trade places. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The transform drawing a stored {@code width} x {@code height} picture the way it should be seen. */
    static AffineTransform transform(int orientation, int width, int height) {
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, width, 0);        // mirrored left-right
            case 3 -> new AffineTransform(-1, 0, 0, -1, width, height);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, height);       // mirrored top-bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);             // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, height, 0);       // a quarter turn clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, height, width);  // transversed
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, width);        // a quarter turn anticlockwise
            default -> new AffineTransform();
        };
    }
}
