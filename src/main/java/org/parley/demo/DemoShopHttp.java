package org.parley.demo;

import java.util.List;
import org.parley.http.ApiError;
import org.parley.http.Routes;

/**
 * "Donni Charm", a small scarf shop with the widget embedded, so a fresh install shows Parley working
 * in a browser. Registered only with the demo ({@code PARLEY_DEMO_SHOP}); {@code ?workspace=KEY} embeds
 * another workspace's widget only when {@code PARLEY_DEMO_SHOP=any} (development and the browser tests).
 */
public final class DemoShopHttp {
    record Product(String slug, String name, String price, String colour, String blurb) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("silk-scarf", "Silk twill scarf", "€49", "#b8325a", "Hand-rolled edges, 90 × 90 cm, light as air."),
            new Product("wool-scarf", "Merino wool scarf", "€59", "#2f6f5e", "Warm, soft, and never itchy. 180 × 30 cm."),
            new Product("cashmere-wrap", "Cashmere wrap", "€129", "#6b4f9e", "A wrap for cold evenings, woven in Scotland."));

    private final String baseUrl;
    private final String defaultKey;
    private final boolean anyWorkspace;

    public DemoShopHttp(String baseUrl, String defaultKey, boolean anyWorkspace) {
        this.baseUrl = baseUrl;
        this.defaultKey = defaultKey;
        this.anyWorkspace = anyWorkspace;
    }

    public void register(Routes routes) {
        routes.get("/demo", ctx -> ctx.html(page("Donni Charm — scarves", index(), key(ctx.queryParam("workspace")))));
        routes.get("/demo/{slug}", ctx -> {
            Product product = PRODUCTS.stream().filter(p -> p.slug().equals(ctx.pathParam("slug"))).findFirst()
                    .orElseThrow(() -> ApiError.notFound("Page"));
            ctx.html(page(product.name() + " — Donni Charm", detail(product), key(ctx.queryParam("workspace"))));
        });
    }

    private String key(String requested) {
        if (requested == null) {
            return defaultKey;
        }
        if (!anyWorkspace) {
            throw ApiError.notFound("Demo page of another workspace");
        }
        if (!requested.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiError.badRequest("Query 'workspace' must be a widget key");
        }
        return requested;
    }

    private static String index() {
        StringBuilder cards = new StringBuilder();
        for (Product p : PRODUCTS) {
            cards.append("<a class=\"card\" href=\"/demo/").append(p.slug()).append("\"><div class=\"swatch\" style=\"background:")
                    .append(p.colour()).append("\"></div><h2>").append(p.name()).append("</h2><p>").append(p.price())
                    .append("</p></a>");
        }
        return "<h1>Scarves for every season</h1><p class=\"lead\">Questions about sizes, materials or delivery? "
                + "Use the chat bubble: we answer even after you have left.</p><div class=\"grid\">" + cards + "</div>";
    }

    private static String detail(Product p) {
        return "<p><a href=\"/demo\">← All scarves</a></p><div class=\"detail\"><div class=\"swatch big\" style=\"background:"
                + p.colour() + "\"></div><div><h1>" + p.name() + "</h1><p class=\"price\">" + p.price() + "</p><p>" + p.blurb()
                + "</p><button type=\"button\" onclick=\"Parley('track','add_to_cart',{product:'" + p.slug()
                + "'})\">Add to cart</button></div></div>";
    }

    private String page(String title, String body, String key) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#faf7f2}
                header{background:#fff;border-bottom:1px solid #eee;padding:16px 24px;font-weight:700;font-size:20px}
                main{max-width:960px;margin:0 auto;padding:24px}
                .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px}
                .card{display:block;background:#fff;border-radius:12px;padding:16px;color:inherit;text-decoration:none;box-shadow:0 1px 3px #0001}
                .swatch{height:140px;border-radius:8px}.swatch.big{height:280px;width:280px;max-width:100%%}
                .detail{display:flex;gap:24px;flex-wrap:wrap}.price{font-size:20px;font-weight:600}
                button{font:inherit;padding:10px 18px;border-radius:8px;border:0;background:#222;color:#fff;cursor:pointer}
                .lead{color:#555}
                </style>
                <script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};</script>
                <script src="%s/widget.js" data-workspace="%s" async></script>
                </head><body><header>Donni Charm</header><main>%s</main></body></html>
                """.formatted(title, baseUrl, key, body);
    }
}
