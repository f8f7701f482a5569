package io.codingit.projects.internal;

import io.codingit.projects.internal.ProjectRecords.Blob;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Images are user content served from our own origin, so each answer confines itself: the stored media type
 * (never sniffed), and a policy that runs no script and loads nothing even when an SVG is opened on its own.
 */
final class BlobResponses {
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private BlobResponses() {
    }

    static ResponseEntity<byte[]> of(Blob blob, String cacheControl) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(blob.mediaType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        if (!type.getType().equals("image") && !type.equals(MediaType.APPLICATION_PDF)) {
            // only images and PDFs are kept as blobs; anything else is never rendered from our origin
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"" + blob.sha256() + "\"")
                .header("Cache-Control", cacheControl)
                .body(blob.content());
    }
}
