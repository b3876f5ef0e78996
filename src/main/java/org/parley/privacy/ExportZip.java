package org.parley.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.parley.http.Json;

/**
 * A contact's export with its files (docs/privacy.md): {@code export.json} (the same document as the JSON export),
 * then each file's bytes as {@code files/<id>/<name>}, streamed from the store one at a time. A file whose bytes are
 * gone (retention) is listed in the document and left out here.
 */
final class ExportZip {
    private ExportZip() {
    }

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> document, String workspaceId, PrivacyHttp.FileBytes files, OutputStream out)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry("export.json"));
            zip.write(Json.write(document).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            Map<String, Object> tables = (Map<String, Object>) document.get("tables");
            List<Map<String, Object>> rows = (List<Map<String, Object>>) tables.getOrDefault("files", List.of());
            for (Map<String, Object> row : rows) {
                String id = String.valueOf(row.get("id"));
                var bytes = files.open(workspaceId, id);
                if (bytes.isEmpty()) {
                    continue;
                }
                try (InputStream in = bytes.get()) {
                    // The stored name is already without directories or control characters (file.FileNames).
                    zip.putNextEntry(new ZipEntry("files/" + id + "/" + String.valueOf(row.get("name")).replace('/', '_')));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        }
    }
}
