package dev.underpass.server;

import dev.underpass.protocol.netty.Transports;
import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.ApiObserver;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.OperationHandler;
import dev.underpass.server.api.audit.AuditApi;
import dev.underpass.server.api.keys.KeyRing;
import dev.underpass.server.api.keys.KeysApi;
import dev.underpass.server.api.keys.SecretSealer;
import dev.underpass.server.audit.Audit;
import dev.underpass.server.audit.AuditTrail;
import dev.underpass.server.auth.SealingKeyFile;
import dev.underpass.server.store.AccessKeyStore;
import dev.underpass.server.store.AuditStore;
import dev.underpass.server.store.JdbcAccessKeyStore;
import dev.underpass.server.store.JdbcAuditStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.api.http.ControlApiHandler;
import dev.underpass.server.api.things.ThingsApi;
import dev.underpass.server.auth.CredentialsFile;
import dev.underpass.server.devices.DeviceMessaging;
import dev.underpass.server.devices.ThingDirectory;
import dev.underpass.server.http.HttpRouter;
import dev.underpass.server.http.OpsEndpoints;
import dev.underpass.server.http.ServerChannelInitializer;
import dev.underpass.server.lifecycle.BlockingExecutor;
import dev.underpass.server.metrics.ServerMetrics;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import dev.underpass.server.relay.Relay;
import dev.underpass.server.relay.RelaySettings;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.JdbcThingStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.store.StoreSettings;
import dev.underpass.server.store.ThingStore;
import dev.underpass.server.store.TunnelStore;
import dev.underpass.server.tls.ServerTls;
import dev.underpass.server.tunnel.CompositeTunnelEvents;
import dev.underpass.server.tunnel.Maintenance;
import dev.underpass.server.tunnel.RelayTunnelEvents;
import dev.underpass.server.tunnel.StoreTunnelAuthority;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Underpass server: the store, the relay and the control API behind one port, plus the maintenance that
 * expires and purges tunnels. {@link #start} returns once the port is bound; {@link #close} stops everything and
 * waits for it.
 */
public final class UnderpassServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnderpassServer.class);
    public static final String CREDENTIALS_FILE = "credentials";
    /** The key that seals API-created access keys' secrets in the database. */
    public static final String SEALING_KEY_FILE = "access-keys.key";

    private final ServerConfig config;
    private final TunnelStore store;
    private final ThreadPoolExecutor blocking;
    private final Relay relay;
    private final Maintenance maintenance;
    private final ScheduledExecutorService scheduler;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ServerTls tls;
    private final Path credentialsFile;
    private final DeviceCertificateAuthority deviceCa;
    private final ThingStore things;
    private final DeviceMessaging devices;
    private final AuditTrail audit;

    private UnderpassServer(ServerConfig config, TunnelStore store, ThreadPoolExecutor blocking, Relay relay,
            Maintenance maintenance, ScheduledExecutorService scheduler, EventLoopGroup boss, EventLoopGroup workers,
            Channel serverChannel, ServerTls tls, Path credentialsFile, DeviceCertificateAuthority deviceCa,
            ThingStore things, AuditTrail audit, DeviceMessaging devices) {
        this.audit = audit;
        this.config = config;
        this.store = store;
        this.blocking = blocking;
        this.relay = relay;
        this.maintenance = maintenance;
        this.scheduler = scheduler;
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.tls = tls;
        this.credentialsFile = credentialsFile;
        this.deviceCa = deviceCa;
        this.things = things;
        this.devices = devices;
    }

    /** Starts a server; on any failure everything already started is stopped again and the error is thrown. */
    public static UnderpassServer start(ServerConfig config) {
        createDataDir(config.dataDir());
        ServerTls tls = config.plain() ? null : ServerTls.loadOrCreate(config.dataDir(), config.tlsCertificate(),
                config.tlsKey(), config.hostnames(), config.clock());
        Path credentialsFile = config.dataDir().resolve(CREDENTIALS_FILE);
        Map<String, String> keys = CredentialsFile.loadOrCreate(credentialsFile);
        SecretSealer sealer = new SecretSealer(SealingKeyFile.loadOrCreate(config.dataDir().resolve(SEALING_KEY_FILE)));
        DeviceCertificateAuthority deviceCa = DeviceCertificateAuthority.loadOrCreate(config.dataDir(),
                config.clock());
        String rootCaPem = tls == null || tls.caFile() == null ? null : readPem(tls.caFile());

        JdbcTunnelStore store = Database.open(config.jdbcUrl() == null
                ? StoreSettings.h2File(config.dataDir())
                : StoreSettings.postgres(config.jdbcUrl(), nullToEmpty(config.jdbcUser()),
                        nullToEmpty(config.jdbcPassword())));
        ThreadPoolExecutor blocking = null;
        DeviceMessaging devices = null;
        ScheduledExecutorService scheduler = null;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        AuditTrail auditTrail = null;
        try {
            AccessKeyStore keyStore = new JdbcAccessKeyStore(store.dataSource());
            KeyRing accessKeys = new KeyRing(keys, keyStore, sealer);
            Map<String, String> bootstrapNames = new HashMap<>();
            accessKeys.bootstrapIds().forEach(id -> bootstrapNames.put(id, KeysApi.BOOTSTRAP_NAME));
            AuditStore auditStore = new JdbcAuditStore(store.dataSource());
            auditTrail = new AuditTrail(auditStore, keyStore, bootstrapNames, AuditTrail.DEFAULT_CAPACITY);
            Audit audit = new Audit(auditTrail, config.clock());
            store.resetConnectionStates(config.clock().instant());
            blocking = BlockingExecutor.create(BlockingExecutor.DEFAULT_THREADS, BlockingExecutor.DEFAULT_QUEUE);
            ServerMetrics metrics = new ServerMetrics();
            Relay relay = new Relay(RelaySettings.DEFAULTS, new StoreTunnelAuthority(store, config.clock()), blocking,
                    config.clock(), audit.relayObserver(metrics));
            metrics.bind(relay, store);
            metrics.bind(auditTrail);
            ApiSettings apiSettings = new ApiSettings(config.region(), config.accountId(),
                    config.maxServicesPerTunnel(), ApiSettings.DEFAULT_MAX_OPEN_TUNNELS);
            ThingStore things = new JdbcThingStore(store.dataSource());
            devices = DeviceMessaging.start(config.mqtt(), config.dataDir(), config.region(), tls,
                    deviceCa.certificate(), new ThingDirectory(things), blocking, metrics);
            ThingsApi thingsApi = new ThingsApi(things, deviceCa, apiSettings, config.clock(), devices,
                    () -> rootCaPem);
            Map<Operation, OperationHandler> moreOperations = new HashMap<>(thingsApi.handlers());
            moreOperations.putAll(new AuditApi(auditStore).handlers());
            moreOperations.putAll(new KeysApi(keyStore, accessKeys, sealer, config.clock()).handlers());
            ControlApi api = new ControlApi(store, apiSettings, config.clock(), new CompositeTunnelEvents(
                    new RelayTunnelEvents(relay), devices.events(), audit.tunnelEvents()), moreOperations);
            ApiObserver auditCalls = audit.apiObserver();
            ApiObserver observer = call -> {
                metrics.completed(call);
                auditCalls.completed(call);
            };
            DeviceMessaging mqtt = devices;
            HttpRouter router = new HttpRouter(relay, new OpsEndpoints(blocking, metrics, () -> isReachable(store),
                    mqtt::ready), mqtt.entries());
            SigV4Verifier verifier = new SigV4Verifier(accessKeys, config.clock());
            ThreadPoolExecutor apiExecutor = blocking;
            ServerChannelInitializer initializer = new ServerChannelInitializer(devices.httpsContext(), router,
                    () -> new ControlApiHandler(api, verifier, apiExecutor, observer),
                    devices.entries());

            boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("underpass-accept"),
                    Transports.ioHandlerFactory());
            workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("underpass-io"),
                    Transports.ioHandlerFactory());
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(Transports.serverSocketChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer)
                    .bind(new InetSocketAddress(config.effectiveBindAddress(), config.port()))
                    .syncUninterruptibly()
                    .channel();
            devices.bind(boss, workers, config.effectiveBindAddress());

            Maintenance maintenance = new Maintenance(store, relay, config.clock(), config.closedRetention(),
                    audit.expiryListener());
            scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("underpass-maintenance",
                    true));
            long every = config.maintenanceInterval().toMillis();
            scheduler.scheduleWithFixedDelay(maintenance::runOnce, 0, every, TimeUnit.MILLISECONDS);
            UnderpassServer server = new UnderpassServer(config, store, blocking, relay, maintenance, scheduler, boss,
                    workers, channel, tls, credentialsFile, deviceCa, things, auditTrail, devices);
            LOG.info("Underpass listening on {} ({})", server.endpoint(), config);
            return server;
        } catch (RuntimeException | Error e) {
            if (devices != null) {
                devices.close();
            }
            shutdown(scheduler, boss, workers, blocking);
            if (auditTrail != null) {
                auditTrail.close();
            }
            store.close();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The base URL of the API and of {@code /tunnel}, on loopback when bound to all interfaces. */
    public URI endpoint() {
        String host = config.effectiveBindAddress();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.plain() ? "http://" : "https://") + host + ":" + port());
    }

    /** The generated CA certificate clients should trust; null in plain mode or with a configured certificate. */
    public Path caFile() {
        return tls == null ? null : tls.caFile();
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    /** The MQTT port devices connect to (TLS, device certificate), or 0 without the embedded broker. */
    public int mqttPort() {
        return devices.port();
    }

    /** The server's MQTT side: the live device sessions, and what cuts them when a credential is revoked. */
    public DeviceMessaging devices() {
        return devices;
    }

    /**
     * The CA that signs device certificates ({@code DATA_DIR/device-ca.pem}): the MQTT entries trust exactly this CA
     * for client certificates, then ask {@link #things()} whether the certificate is active and attached.
     */
    public DeviceCertificateAuthority deviceCa() {
        return deviceCa;
    }

    /** The thing registry, on the server's database. */
    public ThingStore things() {
        return things;
    }

    public ServerConfig config() {
        return config;
    }

    public Relay relay() {
        return relay;
    }

    /** Runs expiry and purge now (the schedule runs them anyway). */
    public void runMaintenance() {
        maintenance.runOnce();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        devices.close();
        relay.shutdown();
        shutdown(scheduler, boss, workers, blocking);
        audit.close(); // after everything that reports to it, before the database goes
        store.close();
        LOG.info("Underpass stopped");
    }

    private static void shutdown(ScheduledExecutorService scheduler, EventLoopGroup boss, EventLoopGroup workers,
            ThreadPoolExecutor blocking) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (blocking != null) {
            blocking.shutdown();
            try {
                blocking.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Readiness: the database answers a query. */
    private static boolean isReachable(TunnelStore store) {
        try {
            store.countOpen();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Readiness check: the database does not answer: {}", e.toString());
            return false;
        }
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    private static String readPem(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
