package dev.underpass.server.audit;

import dev.underpass.server.store.AccessKeyStore;
import dev.underpass.server.store.AuditEvent;
import dev.underpass.server.store.AuditKind;
import dev.underpass.server.store.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's writer: {@link #record} puts an entry on a bounded queue and returns at once, so an event loop
 * or an API reply never waits for the audit; one thread ({@code underpass-audit}) drains the queue in batches, fills
 * in key names and thing names, writes each entry as a structured log line ({@link AuditLogLine}) and then stores
 * the batch. A batch gathers what arrives within 200 ms of its first entry, so that steady traffic costs one commit
 * per batch rather than one per entry: about five a second under steady traffic (until batches reach {@link #BATCH}).
 *
 * <p>When the queue is full (the database is slower than the traffic, or down) new entries are <b>dropped</b>,
 * never waited for: they are counted ({@link #dropped()}, metric {@code underpass_audit_dropped_total}) and the
 * writer logs how many it lost at its next batch. An entry whose batch cannot be stored is still in the log and is
 * counted in {@link #failed()}. Thread-safe.
 */
public final class AuditTrail implements AutoCloseable {
    /** Entries waiting at most; beyond it they are dropped. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Entries stored per transaction at most. */
    static final int BATCH = 500;
    /** How long the writer waits for more entries after the first of a batch: the most an entry is delayed. */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int MAX_CACHED_NAMES = 10_000;

    private final BlockingQueue<AuditEvent> queue;
    private final AuditStore store;
    private final AccessKeyStore keys;
    private final Map<String, String> fixedKeyNames;
    private final Map<String, String> keyNames = new HashMap<>(); // writer thread only
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private long droppedReported;

    /**
     * @param fixedKeyNames names of keys that are not in the database (the bootstrap keys)
     */
    public AuditTrail(AuditStore store, AccessKeyStore keys, Map<String, String> fixedKeyNames, int capacity) {
        this.store = store;
        this.keys = keys;
        this.fixedKeyNames = Map.copyOf(fixedKeyNames);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "underpass-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues an entry; never blocks. A full queue drops it (counted). */
    public void record(AuditEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    public long failed() {
        return failed.get();
    }

    public int queued() {
        return queue.size();
    }

    /** Writes what is queued, then stops the writer (waiting up to 5 s). Entries recorded afterwards are dropped. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) {
                        return;
                    }
                    reportDrops();
                    continue;
                }
                batch.add(first);
                gather(batch);
                write(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.warn("The audit writer failed on a batch of {} entries: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds what else arrives within {@link #GATHER_NANOS} of the first entry, up to {@link #BATCH}: under steady
     * traffic (hundreds of OpenTunnels a second) one commit then stores dozens of entries instead of one or two, and
     * on H2 every commit rewrites the pages it touched.
     */
    private void gather(List<AuditEvent> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        queue.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH && running) {
            long left = deadline - System.nanoTime();
            AuditEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    private void write(List<AuditEvent> batch) {
        reportDrops();
        List<AuditEvent> enriched = enrich(batch);
        enriched.forEach(AuditLogLine::write);
        try {
            store.append(enriched);
            written.addAndGet(enriched.size());
        } catch (RuntimeException e) {
            failed.addAndGet(enriched.size());
            LOG.warn("Could not store {} audit entries (they are in the log above): {}", enriched.size(), e.toString());
        }
        try {
            keys.markUsed(lastUses(enriched));
        } catch (RuntimeException e) {
            LOG.debug("Could not record the last use of access keys: {}", e.toString());
        }
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now > droppedReported) {
            LOG.warn("The audit queue was full: {} audit entries were dropped ({} in all); the database is slower than"
                    + " the traffic or unreachable", now - droppedReported, now);
            droppedReported = now;
        }
    }

    private List<AuditEvent> enrich(List<AuditEvent> batch) {
        Set<String> tunnels = new HashSet<>();
        Set<String> unnamedKeys = new HashSet<>();
        for (AuditEvent e : batch) {
            if (e.tunnelId() != null && e.thingName() == null) {
                tunnels.add(e.tunnelId());
            }
            if (e.accessKeyId() != null && !fixedKeyNames.containsKey(e.accessKeyId())
                    && !keyNames.containsKey(e.accessKeyId())) {
                unnamedKeys.add(e.accessKeyId());
            }
        }
        Map<String, String> things = Map.of();
        try {
            things = store.thingNames(tunnels);
            if (!unnamedKeys.isEmpty()) {
                if (keyNames.size() > MAX_CACHED_NAMES) {
                    keyNames.clear();
                }
                Map<String, String> found = keys.names(unnamedKeys);
                // A key's name never changes, so it is looked up once; "" marks a key without one.
                unnamedKeys.forEach(id -> keyNames.put(id, found.getOrDefault(id, "")));
            }
        } catch (RuntimeException e) {
            LOG.debug("Audit entries go without key or thing names: {}", e.toString());
        }
        List<AuditEvent> enriched = new ArrayList<>(batch.size());
        for (AuditEvent e : batch) {
            enriched.add(e.enriched(keyName(e.accessKeyId()), e.tunnelId() == null ? null : things.get(e.tunnelId())));
        }
        return enriched;
    }

    private String keyName(String accessKeyId) {
        if (accessKeyId == null) {
            return null;
        }
        String name = fixedKeyNames.getOrDefault(accessKeyId, keyNames.get(accessKeyId));
        return name == null || name.isEmpty() ? null : name;
    }

    private Map<String, Instant> lastUses(List<AuditEvent> batch) {
        Map<String, Instant> uses = new HashMap<>();
        for (AuditEvent e : batch) {
            if (e.kind() == AuditKind.API_CALL && e.accessKeyId() != null
                    && !fixedKeyNames.containsKey(e.accessKeyId())) {
                uses.merge(e.accessKeyId(), e.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return uses;
    }
}
