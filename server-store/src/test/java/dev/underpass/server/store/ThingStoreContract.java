package dev.underpass.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The thing registry on the same database as the tunnels: things, certificates, attachment and status. */
interface ThingStoreContract extends StoreFixture {

    Instant T0 = TestTunnels.T0;
    String ARN = "arn:aws:iot:us-east-1:123456789012:";

    default ThingStore things() {
        return new JdbcThingStore(((JdbcTunnelStore) store()).dataSource());
    }

    static Thing thing(String name, Map<String, String> attributes) {
        return new Thing(name, UUID.randomUUID().toString(), ARN + "thing/" + name, attributes, 1, T0);
    }

    static String certificateId(int n) {
        return String.format("%064x", n);
    }

    default DeviceCertificate certificate(ThingStore things, int n) {
        return things.createCertificate(certificateId(n), ARN + "cert/" + certificateId(n),
                "-----BEGIN CERTIFICATE-----\n" + n + "\n-----END CERTIFICATE-----\n", CertificateStatus.ACTIVE, T0);
    }

    @Test
    default void aThingIsStoredWithItsAttributesAndItsNameIsTakenAfterwards() {
        ThingStore things = things();
        Thing robot = thing("robot-1", Map.of("model", "x1", "floor", "3"));

        Thing stored = things.createThing(robot).orElseThrow();

        assertThat(stored).isEqualTo(robot);
        assertThat(stored.attributes()).containsExactly(Map.entry("floor", "3"), Map.entry("model", "x1"));
        assertThat(things.findThing("robot-1")).contains(robot);
        assertThat(things.createThing(thing("robot-1", Map.of()))).isEmpty();
        assertThat(things.findThing("robot-1").orElseThrow().thingId()).isEqualTo(robot.thingId());
        assertThat(things.findThing("robot-2")).isEmpty();
    }

    @Test
    default void racingCreatesOfOneNameLetExactlyOneWin() throws Exception {
        ThingStore things = things();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Thing>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Optional<Thing>> create = () -> things.createThing(thing("contested", Map.of("k", "v")));
                results.add(pool.submit(create));
            }
            int won = 0;
            for (Future<Optional<Thing>> result : results) {
                won += result.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void thingsAreListedInNameOrderPageByPage() {
        ThingStore things = things();
        for (String name : List.of("c", "a", "e", "b", "d")) {
            things.createThing(thing(name, Map.of("n", name)));
        }

        Page<Thing> first = things.listThings(2, null);
        Page<Thing> second = things.listThings(2, first.nextToken());
        Page<Thing> last = things.listThings(2, second.nextToken());

        assertThat(first.items()).extracting(Thing::thingName).containsExactly("a", "b");
        assertThat(second.items()).extracting(Thing::thingName).containsExactly("c", "d");
        assertThat(last.items()).extracting(Thing::thingName).containsExactly("e");
        assertThat(last.nextToken()).isNull();
        assertThat(last.items().get(0).attributes()).containsExactly(Map.entry("n", "e"));
        assertThatThrownBy(() -> things.listThings(2, "not-a-token")).isInstanceOf(InvalidNextTokenException.class);
    }

    @Test
    default void aNewCertificateIsActiveAndAttachedToNothing() {
        ThingStore things = things();

        DeviceCertificate created = certificate(things, 1);

        assertThat(things.findCertificate(certificateId(1))).contains(created);
        assertThat(created.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(created.thingName()).isNull();
        assertThat(created.admits("robot-1")).isFalse();
        assertThat(things.findCertificate(certificateId(2))).isEmpty();
        assertThatThrownBy(() -> certificate(things, 1)).isInstanceOf(StoreException.class);
    }

    @Test
    default void anAttachedActiveCertificateAdmitsOnlyItsThing() {
        ThingStore things = things();
        things.createThing(thing("robot-1", Map.of()));
        things.createThing(thing("robot-2", Map.of()));
        certificate(things, 1);

        assertThat(things.attach("robot-1", certificateId(1), T0.plusSeconds(1)))
                .isEqualTo(ThingStore.AttachOutcome.ATTACHED);

        DeviceCertificate attached = things.findCertificate(certificateId(1)).orElseThrow();
        assertThat(attached.thingName()).isEqualTo("robot-1");
        assertThat(attached.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(attached.admits("robot-1")).isTrue();
        assertThat(attached.admits("robot-2")).isFalse();
        assertThat(things.attach("robot-1", certificateId(1), T0)).isEqualTo(ThingStore.AttachOutcome.ATTACHED);
        assertThat(things.attach("robot-2", certificateId(1), T0))
                .isEqualTo(ThingStore.AttachOutcome.ATTACHED_TO_ANOTHER_THING);
        assertThat(things.attach("nobody", certificateId(1), T0)).isEqualTo(ThingStore.AttachOutcome.NO_SUCH_THING);
        assertThat(things.attach("robot-2", certificateId(9), T0))
                .isEqualTo(ThingStore.AttachOutcome.NO_SUCH_CERTIFICATE);
        assertThat(things.certificatesOf("robot-1")).extracting(DeviceCertificate::certificateId)
                .containsExactly(certificateId(1));
        assertThat(things.certificatesOf("robot-2")).isEmpty();
    }

    @Test
    default void aDeactivatedCertificateAdmitsNobodyUntilActivatedAgain() {
        ThingStore things = things();
        things.createThing(thing("robot-1", Map.of()));
        certificate(things, 1);
        things.attach("robot-1", certificateId(1), T0);

        DeviceCertificate inactive = things.updateCertificateStatus(certificateId(1), CertificateStatus.INACTIVE,
                T0.plusSeconds(5)).orElseThrow();

        assertThat(inactive.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(inactive.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(things.findCertificate(certificateId(1)).orElseThrow().admits("robot-1")).isFalse();
        things.updateCertificateStatus(certificateId(1), CertificateStatus.ACTIVE, T0.plusSeconds(6));
        assertThat(things.findCertificate(certificateId(1)).orElseThrow().admits("robot-1")).isTrue();
        assertThat(things.updateCertificateStatus(certificateId(7), CertificateStatus.INACTIVE, T0)).isEmpty();
    }

    @Test
    default void deletingAThingDetachesAndDeactivatesItsCertificatesForGood() {
        ThingStore things = things();
        things.createThing(thing("robot-1", Map.of("a", "1")));
        certificate(things, 1);
        certificate(things, 2);
        certificate(things, 3);
        things.attach("robot-1", certificateId(1), T0);
        things.attach("robot-1", certificateId(2), T0);

        assertThat(things.deleteThing("robot-1", T0.plusSeconds(9)).orElseThrow())
                .containsExactlyInAnyOrder(certificateId(1), certificateId(2));

        assertThat(things.findThing("robot-1")).isEmpty();
        DeviceCertificate former = things.findCertificate(certificateId(1)).orElseThrow();
        assertThat(former.thingName()).isNull();
        assertThat(former.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(things.findCertificate(certificateId(3)).orElseThrow().status())
                .isEqualTo(CertificateStatus.ACTIVE);
        Thing reborn = things.createThing(thing("robot-1", Map.of())).orElseThrow();
        assertThat(reborn.attributes()).isEmpty();
        assertThat(things.certificatesOf("robot-1")).isEmpty();
        assertThat(things.findCertificate(certificateId(2)).orElseThrow().admits("robot-1")).isFalse();
        assertThat(things.deleteThing("never-there", T0)).isEmpty();
    }

    @Test
    default void detachingNeedsTheRightThing() {
        ThingStore things = things();
        things.createThing(thing("robot-1", Map.of()));
        certificate(things, 1);
        things.attach("robot-1", certificateId(1), T0);

        assertThat(things.detach("robot-2", certificateId(1), T0)).isFalse();
        assertThat(things.detach("robot-1", certificateId(1), T0)).isTrue();
        assertThat(things.detach("robot-1", certificateId(1), T0)).isFalse();
        assertThat(things.findCertificate(certificateId(1)).orElseThrow().thingName()).isNull();
    }

    @Test
    default void certificatesAreListedInIdOrderPageByPage() {
        ThingStore things = things();
        for (int n : List.of(3, 1, 2)) {
            certificate(things, n);
        }

        Page<DeviceCertificate> first = things.listCertificates(2, null);
        Page<DeviceCertificate> rest = things.listCertificates(2, first.nextToken());

        assertThat(first.items()).extracting(DeviceCertificate::certificateId)
                .containsExactly(certificateId(1), certificateId(2));
        assertThat(rest.items()).extracting(DeviceCertificate::certificateId).containsExactly(certificateId(3));
        assertThat(rest.nextToken()).isNull();
    }
}
