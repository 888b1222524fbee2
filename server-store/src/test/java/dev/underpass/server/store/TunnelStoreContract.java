package dev.underpass.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract every {@link TunnelStore} database must pass. A concrete class supplies an empty database per test;
 * each test opens it through {@link Database#open}, so Flyway's migrations run on every database kind.
 */
abstract class TunnelStoreContract implements StoreFixture, TunnelLifecycleContract, ConnectionStateContract,
        TokenClaimContract, TokenRotationContract, TunnelListContract, TunnelTagsContract, SecretHygieneContract,
        ThingStoreContract, AccessKeyContract, AuditContract, OpenLimitContract {

    private JdbcTunnelStore store;

    /** Settings for a new, empty database. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = Database.open(freshDatabase());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    public TunnelStore store() {
        return store;
    }
}
