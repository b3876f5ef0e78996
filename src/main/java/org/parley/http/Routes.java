package org.parley.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Route registration that also remembers what was registered, so the OpenAPI test can check that
 * every route is described.
 */
public final class Routes {
    public record Route(String method, String path) {
    }

    private final RoutesConfig routes;
    private final List<Route> registered = new ArrayList<>();

    Routes(RoutesConfig routes) {
        this.routes = routes;
    }

    public void get(String path, Handler handler) {
        registered.add(new Route("GET", path));
        routes.get(path, handler);
    }

    public void post(String path, Handler handler) {
        registered.add(new Route("POST", path));
        routes.post(path, handler);
    }

    public void put(String path, Handler handler) {
        registered.add(new Route("PUT", path));
        routes.put(path, handler);
    }

    public void patch(String path, Handler handler) {
        registered.add(new Route("PATCH", path));
        routes.patch(path, handler);
    }

    public void delete(String path, Handler handler) {
        registered.add(new Route("DELETE", path));
        routes.delete(path, handler);
    }

    public void options(String path, Handler handler) {
        registered.add(new Route("OPTIONS", path));
        routes.options(path, handler);
    }

    public void ws(String path, Consumer<WsConfig> ws) {
        registered.add(new Route("WS", path));
        routes.ws(path, ws);
    }

    public void before(String path, Handler handler) {
        routes.before(path, handler);
    }

    List<Route> registered() {
        return registered;
    }
}
