package dev.underpass.server.store;

/** What the contract tests need of a concrete test class: a fresh, empty store for each test. */
interface StoreFixture {

    /** The store under test; empty when the test starts, closed after it. */
    TunnelStore store();
}
