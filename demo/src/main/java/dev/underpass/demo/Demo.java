package dev.underpass.demo;

import dev.underpass.localproxy.HostPort;
import dev.underpass.server.ServerConfig;
import dev.underpass.server.UnderpassServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * One demo run, all in this process: the server (embedded H2 database, generated CA and admin keys in the data
 * directory), the demo thing registered through the real {@code things create}, a small web service on the
 * "device" (and its SSH server when one is mapped), a tunnel opened through the AWS SDK, the device's destination
 * proxy, the operator's source proxy, and one real request through the tunnel. {@link #start} tells the story on
 * the given stream and returns with everything running; {@link #close()} closes the tunnel and stops everything in
 * reverse order.
 */
final class Demo implements AutoCloseable {
    /** The line that says the demo worked; tests wait for it. */
    static final String WENT_THROUGH = "The request went through the tunnel.";
    static final String HTTP = "http";
    static final String SSH = "ssh";
    private static final int STEPS = 7;
    /** How much of a certificate id the story shows. */
    private static final int SHORT_ID = 12;

    private final DemoSettings settings;
    private final PrintStream out;
    private UnderpassServer server;
    private DemoService service;
    private TunnelApi api;
    private String tunnelId;
    private DeviceSide device;
    private OperatorSide operator;
    private String step = "start";

    private Demo(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Starts everything and shows a request going through the tunnel.
     *
     * @throws IllegalStateException naming the step that failed and why (what started is stopped again)
     */
    static Demo start(DemoSettings settings, PrintStream out) throws InterruptedException {
        Demo demo = new Demo(settings, out);
        try {
            demo.run(new Story(out, STEPS));
            return demo;
        } catch (RuntimeException | InterruptedException | IOException e) {
            demo.close();
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("step '" + demo.step + "' failed: " + e.getMessage(), e);
        }
    }

    private void run(Story story) throws IOException, InterruptedException {
        startServer(story);
        ThingRegistration.Registered thing = registerThing(story);
        Map<String, HostPort> services = startDevice(story, thing);
        OpenTunnelResponse tunnel = openTunnel(story, List.copyOf(services.keySet()));
        connectDevice(story, tunnel);
        startOperator(story, tunnel, services.containsKey(SSH));
        sendRequest(story);
        story.line("");
        story.line(WENT_THROUGH);
    }

    private void startServer(Story story) {
        step = "Server";
        server = UnderpassServer.start(serverConfig());
        story.step(step, server.endpoint() + "  (control API and /tunnel on one port)");
        story.detail("embedded H2 database, CA and admin keys in " + server.config().dataDir());
    }

    private ThingRegistration.Registered registerThing(Story story) {
        step = "Thing";
        Path files = server.config().dataDir().resolve(settings.thingName());
        ThingRegistration.Registered thing = ThingRegistration.register(server.endpoint(), server.caFile(),
                server.credentialsFile(), settings.thingName(), files);
        String id = thing.certificateId();
        story.step(step, thing.thingName() + " registered; certificate " + id.substring(0, Math.min(SHORT_ID,
                id.length())) + "… from the device CA");
        story.detail("certificate, private key and root CA in " + files);
        story.detail("(" + ThingRegistration.command(settings.launcher(), settings.thingName(), files)
                + ", run in this process)");
        return thing;
    }

    /**
     * Starts the web service, finds the SSH server and gets the device side ready for a tunnel; returns service id
     * to device-local address.
     */
    private Map<String, HostPort> startDevice(Story story, ThingRegistration.Registered thing) throws IOException {
        step = "Device";
        service = DemoService.start(settings.thingName());
        Map<String, HostPort> services = new LinkedHashMap<>();
        services.put(HTTP, new HostPort("127.0.0.1", service.port()));
        story.step(step, "thing " + settings.thingName() + ": web service on 127.0.0.1:" + service.port());
        HostPort ssh = sshServer();
        if (ssh != null) {
            services.put(SSH, ssh);
            story.detail("SSH server on " + ssh);
        } else {
            story.detail("no SSH server mapped (none answers on localhost:22, or --ssh off)");
        }
        device = deviceSide(thing, services);
        device.start();
        return services;
    }

    private OpenTunnelResponse openTunnel(Story story, List<String> services) {
        step = "Tunnel";
        api = TunnelApi.connect(server.endpoint(), server.config().region(), server.caFile(),
                server.credentialsFile());
        OpenTunnelResponse tunnel = api.open(settings.thingName(), services);
        tunnelId = tunnel.tunnelId();
        story.step(step, tunnelId + " for " + settings.thingName() + ", services " + String.join(", ", services)
                + "  (OpenTunnel through the AWS SDK)");
        return tunnel;
    }

    /**
     * The device side as on a real device: the agent with the thing's certificate, notified over the server's MQTT
     * broker, starts the destination proxy.
     */
    private DeviceSide deviceSide(ThingRegistration.Registered thing, Map<String, HostPort> services) {
        return new AgentDevice(thing, new HostPort(OperatorSide.BIND_ADDRESS, server.mqttPort()), server.endpoint(),
                services);
    }

    private void connectDevice(Story story, OpenTunnelResponse tunnel) {
        step = "Device side";
        device.connect(tunnel);
        story.step(step, device.describe());
    }

    private void startOperator(Story story, OpenTunnelResponse tunnel, boolean withSsh) {
        step = "Operator side";
        Map<String, Integer> listen = new LinkedHashMap<>();
        listen.put(HTTP, settings.httpPort());
        if (withSsh) {
            listen.put(SSH, settings.sshPort());
        }
        operator = OperatorSide.start(tunnel.sourceAccessToken(), server.endpoint(), server.caFile(), listen);
        story.step(step, "source proxy with the source token, listening on " + OperatorSide.BIND_ADDRESS + ": "
                + HTTP + " → " + operator.port(HTTP) + (withSsh ? ", " + SSH + " → " + operator.port(SSH) : ""));
    }

    private void sendRequest(Story story) throws IOException, InterruptedException {
        step = "Request";
        story.step(step, "GET http://localhost:" + operator.port(HTTP) + "/ through the tunnel");
        RequestCheck.Answer answer = RequestCheck.get(operator.port(HTTP), "/");
        story.detail("HTTP " + answer.status() + ": " + answer.body().strip());
        if (answer.status() != 200 || !DemoService.isPageOf(settings.thingName(), answer.body())) {
            throw new IllegalStateException("the request through the tunnel got an unexpected answer: HTTP "
                    + answer.status());
        }
    }

    private ServerConfig serverConfig() {
        ServerConfig config = ServerConfig.defaults(settings.dataDir().toAbsolutePath())
                .withBindAddress(OperatorSide.BIND_ADDRESS)
                .withPort(settings.serverPort());
        // A free port for the broker too: a demo must not clash with a broker already on 8883.
        return config.withMqtt(config.mqtt().withPort(0));
    }

    private HostPort sshServer() {
        DemoSettings.SshChoice choice = settings.ssh();
        if (choice.address() != null) {
            return choice.address();
        }
        return choice.auto() && SshProbe.answers(DemoSettings.SshChoice.LOCAL_SSH)
                ? DemoSettings.SshChoice.LOCAL_SSH : null;
    }

    /** The commands a person can type now. */
    Instructions instructions() {
        return new Instructions(settings.launcher(), server.endpoint(), server.caFile(), server.credentialsFile(),
                settings.thingName(), tunnelId, operator.port(HTTP), sshPort(), System.getProperty("user.name", "user"));
    }

    URI serverEndpoint() {
        return server.endpoint();
    }

    String tunnelId() {
        return tunnelId;
    }

    int httpPort() {
        return operator.port(HTTP);
    }

    /** The device-side port of the web service. */
    int servicePort() {
        return service.port();
    }

    /** The operator-side SSH port, when the tunnel carries SSH. */
    OptionalInt sshPort() {
        try {
            return OptionalInt.of(operator.port(SSH));
        } catch (IllegalStateException e) {
            return OptionalInt.empty();
        }
    }

    /** Completes when the operator's proxy stops, e.g. because someone closed the tunnel. */
    CompletableFuture<Integer> operatorExit() {
        return operator.exit();
    }

    /**
     * Closes the tunnel (the server disconnects both proxies), then stops the proxies, the web service, the API
     * client and the server, in that order. Each step runs even when an earlier one failed; failures are reported
     * on the story's stream.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (tunnelId != null && api != null) {
            attempt("close the tunnel", () -> api.close(tunnelId), problems);
        }
        attempt("stop the source proxy", operator, problems);
        attempt("stop the destination side", device, problems);
        attempt("stop the web service", service, problems);
        attempt("close the API client", api, problems);
        attempt("stop the server", server, problems);
        problems.forEach(problem -> out.println("underpass demo: " + problem));
        out.flush();
    }

    private static void attempt(String what, AutoCloseable step, List<String> problems) {
        if (step == null) {
            return;
        }
        try {
            step.close();
        } catch (Exception e) {
            problems.add("could not " + what + ": " + e.getMessage());
        }
    }
}
