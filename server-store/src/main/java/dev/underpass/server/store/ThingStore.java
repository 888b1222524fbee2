package dev.underpass.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of the thing registry: things with their attributes, and the device certificates issued for
 * them with their status and attachment. A certificate is attached to at most one thing.
 *
 * <p>Contract common to every method: safe to call from many threads at once; each call is atomic; times are passed
 * in by the caller and kept to the microsecond; database failures throw {@link StoreException}.
 */
public interface ThingStore {

    /**
     * Stores a new thing.
     *
     * @return the thing as stored, or empty when a thing of that name already exists (nothing is changed then)
     */
    Optional<Thing> createThing(Thing thing);

    /** The thing of this name. */
    Optional<Thing> findThing(String thingName);

    /**
     * A page of things in name order.
     *
     * @param maxResults page size, 1 to {@link JdbcThingStore#MAX_PAGE_SIZE}
     * @param nextToken  {@code null} for the first page, else the previous page's token
     * @throws InvalidNextTokenException when {@code nextToken} was not issued by this store
     */
    Page<Thing> listThings(int maxResults, String nextToken);

    /**
     * Deletes a thing. Its certificates are detached and set {@code INACTIVE} in the same transaction, so that they
     * can never connect again, not even for a new thing of the same name.
     *
     * @return the ids of the certificates that were attached to it, or empty when there was no such thing
     */
    Optional<List<String>> deleteThing(String thingName, Instant at);

    /**
     * Registers a newly issued certificate, attached to no thing.
     *
     * @throws StoreException when a certificate with that id exists (an id is a hash of the certificate)
     */
    DeviceCertificate createCertificate(String certificateId, String certificateArn, String certificatePem,
            CertificateStatus status, Instant at);

    /**
     * The certificate with this id, with its status and the thing it is attached to. The MQTT broker asks this at
     * every device handshake; see {@link DeviceCertificate#admits}.
     */
    Optional<DeviceCertificate> findCertificate(String certificateId);

    /** A page of certificates in id order; the paging contract of {@link #listThings}. */
    Page<DeviceCertificate> listCertificates(int maxResults, String nextToken);

    /** The certificates attached to a thing, in id order; empty for an unknown thing. */
    List<DeviceCertificate> certificatesOf(String thingName);

    /**
     * Sets a certificate's status (setting the status it has already is allowed and changes nothing but
     * {@code updatedAt}).
     *
     * @return the certificate after the change, or empty when there is no such certificate
     */
    Optional<DeviceCertificate> updateCertificateStatus(String certificateId, CertificateStatus status, Instant at);

    /** Attaches a certificate to a thing. Attaching it again to the same thing changes nothing. */
    AttachOutcome attach(String thingName, String certificateId, Instant at);

    /**
     * Detaches a certificate from a thing.
     *
     * @return false when the certificate was not attached to that thing (or either does not exist)
     */
    boolean detach(String thingName, String certificateId, Instant at);

    /** What {@link #attach} did. */
    enum AttachOutcome {
        /** Attached now, or it already was attached to this thing. */
        ATTACHED,
        NO_SUCH_THING,
        NO_SUCH_CERTIFICATE,
        /** It is attached to another thing; detach it there first. */
        ATTACHED_TO_ANOTHER_THING
    }
}
