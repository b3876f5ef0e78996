package org.parley.outbound;

/**
 * The URL guard refused a destination. The message is the reason, fit to show to whoever gave the URL
 * (it never repeats the URL: push endpoints and webhook URLs are capabilities).
 */
public final class OutboundRefused extends Exception {
    public OutboundRefused(String reason) {
        super(reason, null, false, false);
    }
}
