package org.parley.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request sent from a chosen loopback source address (127.0.0.2, 127.0.0.3, ...): per-IP limits
 * see each address as another client, as they would see a botnet. Loopback only.
 */
public final class FromAddress {
    /** The status line's code and the headers (names in lower case). */
    public record Answer(int status, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private FromAddress() {
    }

    public static Answer post(String baseUrl, String sourceAddress, String path, Object jsonBody) throws Exception {
        URI base = URI.create(baseUrl);
        byte[] body = Http.JSON.writeValueAsBytes(jsonBody);
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), base.getPort(),
                InetAddress.getByName(sourceAddress), 0)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nOrigin: " + baseUrl
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
            return new Answer(status, headers);
        }
    }
}
