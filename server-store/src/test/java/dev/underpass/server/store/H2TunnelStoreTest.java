package dev.underpass.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database in a new temporary directory per test. */
class H2TunnelStoreTest extends TunnelStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected StoreSettings freshDatabase() {
        return StoreSettings.h2File(dataDir);
    }
}
