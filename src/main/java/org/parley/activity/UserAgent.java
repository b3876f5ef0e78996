package org.parley.activity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent can honestly read from a User-Agent header: the browser with its major version, the
 * operating system and the kind of device. Only the main browsers and systems are named; anything else
 * is "Other". OS versions are left out on purpose: browsers freeze them (Chrome reports Android 10,
 * macOS 10.15.7 and Windows NT 10.0 whatever the real version is). iPads in desktop mode send a Mac
 * User-Agent and are reported as macOS desktops; nothing in the header tells them apart.
 */
public record UserAgent(String browser, String os, String device) {
    public static final String OTHER = "Other";
    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";
    public static final String TABLET = "tablet";

    /** Browsers built on Chrome or Safari that name themselves; they are not reported as Chrome or Safari. */
    private static final Pattern OTHER_BROWSERS = Pattern.compile(
            "YaBrowser/|UCBrowser/|MiuiBrowser/|Vivaldi/|HuaweiBrowser/|DuckDuckGo/|Ddg/|Electron/|FBAN/|FBAV/|Instagram|"
                    + "Line/|GSA/|Silk/|Puffin/|QQBrowser/|Whale/|Brave/");

    /** First match wins: specific tokens before the generic Chrome and Safari ones they also carry. */
    private static final Named[] BROWSERS = {
            new Named("Samsung Internet", Pattern.compile("SamsungBrowser/(\\d+)")),
            new Named("Edge", Pattern.compile("(?:Edg|EdgA|EdgiOS|Edge)/(\\d+)")),
            new Named("Opera", Pattern.compile("(?:OPR|OPiOS|OPT|OPX)/(\\d+)|Opera[/ ](\\d+)")),
            new Named("Firefox", Pattern.compile("(?:Firefox|FxiOS)/(\\d+)")),
            new Named("Chrome", Pattern.compile("(?:CriOS|Chrome)/(\\d+)")),
            new Named("Safari", Pattern.compile("Version/(\\d+)(?:[.\\d]*)(?: Mobile/\\S+)? Safari/")),
    };

    private record Named(String name, Pattern pattern) {
    }

    public static UserAgent parse(String header) {
        if (header == null || header.isBlank()) {
            return new UserAgent(OTHER, OTHER, DESKTOP);
        }
        String os = os(header);
        return new UserAgent(browser(header), os, device(header, os));
    }

    private static String browser(String ua) {
        if (OTHER_BROWSERS.matcher(ua).find()) {
            return OTHER;
        }
        for (Named named : BROWSERS) {
            Matcher m = named.pattern().matcher(ua);
            if (m.find()) {
                String version = m.group(1) != null ? m.group(1) : m.groupCount() > 1 ? m.group(2) : null;
                return version == null ? named.name() : named.name() + " " + version;
            }
        }
        return OTHER;
    }

    private static String os(String ua) {
        if (ua.contains("Windows Phone")) {
            return OTHER;
        }
        if (ua.contains("Windows NT") || ua.contains("Windows ")) {
            return "Windows";
        }
        if (ua.contains("iPad")) {
            return "iPadOS";
        }
        if (ua.contains("iPhone") || ua.contains("iPod")) {
            return "iOS";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("Macintosh") || ua.contains("Mac OS X")) {
            return "macOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return OTHER;
    }

    private static String device(String ua, String os) {
        if (os.equals("iPadOS") || ua.contains("Tablet") || ua.contains("Kindle") || ua.contains("Silk/")) {
            return TABLET;
        }
        if (os.equals("iOS") || ua.contains("Mobi") || ua.contains("Windows Phone")) {
            return MOBILE;
        }
        // Android browsers leave "Mobile" out on tablets.
        if (os.equals("Android")) {
            return TABLET;
        }
        return DESKTOP;
    }
}
