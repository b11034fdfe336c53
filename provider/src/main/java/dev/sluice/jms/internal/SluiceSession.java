package dev.sluice.jms.internal;

import dev.sluice.db.log.Destination;
import dev.sluice.db.engine.Held;
import dev.sluice.db.engine.SubscriptionReader;
import dev.sluice.db.engine.UnitOfWork;
import dev.sluice.db.engine.Waker;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.security.Permission;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import dev.sluice.jms.internal.message.SluiceBytesMessage;
import dev.sluice.jms.internal.message.SluiceMapMessage;
import dev.sluice.jms.internal.message.SluiceMessage;
import dev.sluice.jms.internal.message.SluiceObjectMessage;
import dev.sluice.jms.internal.message.SluicePlainMessage;
import dev.sluice.jms.internal.message.SluiceStreamMessage;
import dev.sluice.jms.internal.message.SluiceTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionRolledBackException;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS session: the single-threaded context for producing and consuming (JMS 3.1 section 6.2). It keeps what has
 * been delivered and not acknowledged and, when transacted, what has been sent and not committed (a {@link
 * UnitOfWork}); commit writes both in one database transaction. Messages sent by the session to a destination all
 * go to one partition of it (chosen per session), so they are received in the order sent.
 *
 * <p>Thread rules: the application uses a session from one thread at a time, as the specification requires; the
 * session's listener thread delivers to MessageListeners. {@link #lock} is held while a message is delivered to a
 * listener and while the session's work is committed, rolled back or recovered, so close from another thread waits
 * for a running listener. commit/rollback from a listener of the same session are allowed; close of the session, and
 * stop/close of the connection, from a listener throw IllegalStateException (section 6.1.5 and the javadoc of
 * {@code Session.close}: waiting for the listener to return would wait for itself).
 *
 * <p>A session made by {@code createQueueSession} or {@code createTopicSession} refuses the other domain's methods
 * ({@link SessionDomain}).
 */
public class SluiceSession implements Session, QueueSession, TopicSession {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceSession.class);
    private static final AtomicInteger PARTITION_SEEDS = new AtomicInteger();
    private static final ThreadLocal<SluiceSession> LISTENER_SESSION = new ThreadLocal<>();
    private static final ThreadLocal<SluiceSession> COMPLETION_SESSION = new ThreadLocal<>();

    private final SluiceConnection connection;
    private final int number;
    private final int mode;
    private final SessionDomain domain;
    private final int partitionSeed = PARTITION_SEEDS.getAndIncrement();
    private final List<SluiceMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<SluiceMessageProducer> producers = new CopyOnWriteArrayList<>();
    /**
     * Destinations the login was allowed to send to when this session's producer for it was created or its first
     * anonymous send there was checked; the database checks every append anyway (see PermissionCheck).
     */
    private final Set<SluiceDestination> sendChecked = ConcurrentHashMap.newKeySet();
    private final UnitOfWork work = new UnitOfWork();
    /** Set for a session joined to the application's JDBC transaction (SluiceTransactions); null otherwise. */
    private final ApplicationTransaction joined;
    private final ReentrantLock lock = new ReentrantLock();
    private final Waker listenerWaker = new Waker();
    private volatile boolean closed;
    private volatile MessageListener sessionListener;
    private ListenerThread listenerThread;
    /** Completes after the CompletionListener of the session's latest asynchronous send ran; chains keep order. */
    private CompletableFuture<Void> lastCompletion = CompletableFuture.completedFuture(null);
    /** Automatic acknowledgements not known to be committed yet; written by the thread delivering messages. */
    private volatile CompletableFuture<Integer> pendingAcknowledgement = CompletableFuture.completedFuture(0);

    SluiceSession(SluiceConnection connection, int number, int mode, SessionDomain domain,
                  ApplicationTransaction joined) {
        this.connection = connection;
        this.number = number;
        this.mode = mode;
        this.domain = domain;
        this.joined = joined;
    }

    /** Whether this session's work goes into the application's JDBC transaction rather than its own. */
    boolean isJoined() {
        return joined != null;
    }

    private TransactionInProgressException joinedRefusal(String operation) {
        return new TransactionInProgressException(operation + "() called on " + describe() + ", which is joined"
                + " to the application's JDBC transaction: commit or roll back that transaction instead");
    }

    /** Runs {@code work} on the application's connection, translating its failures to a JMSException. */
    private void inApplicationTransaction(String what, java.util.function.Consumer<java.sql.Connection> work)
            throws JMSException {
        try {
            joined.use(work);
        } catch (java.sql.SQLException | RuntimeException e) {
            if (hasSqlState(e, UNDEFINED_TABLE)) {
                throw JmsExceptions.link(new JMSException(what + " failed: the JDBC connection this session joined"
                        + " has no Sluice schema, so it is not on Sluice's database ("
                        + dev.sluice.db.JdbcUrls.redact(connection.config().jdbcUrl()) + "); join a connection to"
                        + " that database, or use XA (SluiceXAConnectionFactory) across two databases"), e);
            }
            throw JmsExceptions.link(new JMSException(what + " in the application's JDBC transaction failed: "
                    + e.getMessage()), e);
        }
    }

    private static final String UNDEFINED_TABLE = "42P01";

    private static boolean hasSqlState(Throwable error, String state) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    SluiceConnection connection() {
        return connection;
    }

    String describe() {
        return "session " + number + " of connection " + connection.describe();
    }

    void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("Session " + number + " of connection " + connection.describe()
                    + " is closed");
        }
        connection.checkNotLost();
    }

    boolean isClosed() {
        return closed;
    }

    boolean isTransacted() {
        return mode == SESSION_TRANSACTED;
    }

    static void checkNotInListener(SluiceConnection connection, String operation) throws IllegalStateException {
        SluiceSession current = LISTENER_SESSION.get();
        if (current != null && current.connection == connection) {
            throw new IllegalStateException("A MessageListener must not call " + operation + " on its own connection"
                    + " (Jakarta Messaging 3.1, section 6.1.5); it would wait for itself");
        }
        SluiceSession completing = COMPLETION_SESSION.get();
        // Of the connection's methods a CompletionListener must not call only close (javadoc of Connection.close and
        // JMSContext.close); stop and start are allowed.
        if (completing != null && completing.connection == connection && "close".equals(operation)) {
            throw new IllegalStateException("A CompletionListener must not call " + operation
                    + " on its own connection (Jakarta Messaging 3.1, section 7.3.8)");
        }
    }

    // --- messages --------------------------------------------------------------------------------------------

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new SluiceBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new SluiceMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new SluicePlainMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        return new SluiceObjectMessage(connection.backend().objectAllowList());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkOpen();
        SluiceObjectMessage message = new SluiceObjectMessage(connection.backend().objectAllowList());
        message.setObject(object);
        return message;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new SluiceStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new SluiceTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkOpen();
        SluiceTextMessage message = new SluiceTextMessage();
        message.setText(text);
        return message;
    }

    // --- transactions and acknowledgement -------------------------------------------------------------------

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return isTransacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return mode;
    }

    int acknowledgeMode() {
        return mode;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        if (!isTransacted()) {
            throw new IllegalStateException("commit() called on non-transacted " + describe());
        }
        if (isJoined()) {
            throw joinedRefusal("commit");
        }
        awaitCompletions("commit");
        lock.lock();
        try {
            if (work.isEmpty()) {
                return;
            }
            int missing;
            try {
                missing = connection.backend().engine().commit(work);
            } catch (RuntimeException e) {
                rollbackWork();
                throw JmsExceptions.link(new TransactionRolledBackException("Commit of " + describe()
                        + " failed and was rolled back: " + e.getMessage()), e);
            }
            if (missing > 0) {
                rollbackWork();
                throw new TransactionRolledBackException("Commit of " + describe() + " was rolled back: " + missing
                        + " received message(s) were no longer reserved for this connection (lease of "
                        + connection.config().leaseTimeoutMs() + " ms ran out) and may be delivered elsewhere");
            }
            work.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rollback() throws JMSException {
        rollbackForError(null);
    }

    /**
     * Rolls back as {@link #rollback()} does, naming why: a received message this moves to its dead-letter queue
     * carries {@code lastError} as the property {@code SluiceLastError} (what a listener container knows and
     * {@code rollback()} cannot say).
     *
     * @param lastError the consumer's error, or null
     */
    public void rollbackForError(String lastError) throws JMSException {
        checkOpen();
        if (!isTransacted()) {
            throw new IllegalStateException("rollback() called on non-transacted " + describe());
        }
        if (isJoined()) {
            throw joinedRefusal("rollback");
        }
        awaitCompletions("rollback");
        lock.lock();
        try {
            rollbackWork(lastError);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (isTransacted()) {
            throw new IllegalStateException("recover() called on transacted " + describe() + "; use rollback()");
        }
        lock.lock();
        try {
            rollbackWork();
        } finally {
            lock.unlock();
        }
    }

    private void rollbackWork() throws JMSException {
        rollbackWork(null);
    }

    /** Discards pending sends, returns prefetched records and releases delivered ones for redelivery. */
    private void rollbackWork(String lastError) throws JMSException {
        for (SluiceMessageConsumer consumer : consumers) {
            consumer.returnPrefetched();
        }
        List<Held> delivered = work.delivered();
        work.clear();
        if (!delivered.isEmpty()) {
            try {
                connection.backend().engine().release(delivered, 0, lastError);
            } catch (RuntimeException e) {
                throw JmsExceptions.toJms("Releasing " + delivered.size() + " messages of " + describe()
                        + " for redelivery failed (they come back when their lease runs out)", e);
            }
        }
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message the session has delivered so far. */
    void acknowledgeAll() throws JMSException {
        checkOpen();
        if (mode != CLIENT_ACKNOWLEDGE) {
            return;
        }
        lock.lock();
        try {
            acknowledgeDelivered();
        } finally {
            lock.unlock();
        }
    }

    private void acknowledgeDelivered() throws JMSException {
        List<Held> delivered = work.delivered();
        if (delivered.isEmpty()) {
            return;
        }
        int missing;
        try {
            missing = connection.backend().engine().acknowledge(delivered);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Acknowledging " + delivered.size() + " messages of " + describe(), e);
        }
        work.clear();
        if (missing > 0) {
            LOG.warn("{}: {} acknowledged message(s) had lost their lease and may be delivered again", describe(),
                    missing);
        }
    }

    /**
     * Called when the application is handed a message: AUTO and DUPS_OK acknowledge it as receive returns or
     * after the listener returns ({@link #afterListener}); CLIENT and transacted sessions remember it.
     *
     * <p>AUTO and DUPS_OK acknowledgements go to the engine's group acknowledger, which merges those of all
     * sessions into one commit. In AUTO mode the acknowledgement of a message must be durable before the next
     * message is handed out, so at most the last message can be delivered twice after a crash (JMS 3.1 section
     * 6.2.10); waiting then instead of at once lets the application work while the acknowledgement commits.
     * DUPS_OK never waits (close does).
     */
    void delivered(Held record, boolean toListener) throws JMSException {
        if (mode == AUTO_ACKNOWLEDGE) {
            awaitAutomaticAcknowledgement();
        }
        if (isJoined()) {
            inApplicationTransaction("Acknowledging a received message", c -> {
                if (connection.backend().engine().acknowledgeInto(c, List.of(record)) > 0) {
                    throw new java.lang.IllegalStateException("the message was no longer reserved for this"
                            + " connection (lease of " + connection.config().leaseTimeoutMs() + " ms ran out)");
                }
            });
            joined.acknowledged(record);
            return;
        }
        lock.lock();
        try {
            work.delivered(record);
            if (!toListener && (mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE)) {
                acknowledgeAutomatically();
            }
        } finally {
            lock.unlock();
        }
    }

    void afterListener(boolean listenerFailed) throws JMSException {
        if (mode == AUTO_ACKNOWLEDGE || mode == DUPS_OK_ACKNOWLEDGE) {
            if (listenerFailed) {
                // JMS 3.1 section 8.7: a listener that throws in AUTO/DUPS_OK mode gets the message again.
                rollbackWork();
            } else {
                acknowledgeAutomatically();
            }
        }
    }

    private void acknowledgeAutomatically() {
        List<Held> delivered = work.delivered();
        work.clear();
        if (delivered.isEmpty()) {
            return;
        }
        CompletableFuture<Integer> acknowledged = connection.backend().engine()
                .acknowledgeSoon(delivered);
        CompletableFuture<Integer> previous = pendingAcknowledgement;
        pendingAcknowledgement = previous.thenCombine(acknowledged, Integer::sum);
    }

    /**
     * Waits for the automatic acknowledgements sent so far; failures are reported, not thrown (see above). Called
     * before the next delivery and before anything in this session could observe the acknowledgement (browsing,
     * a receive that found nothing, close).
     */
    void awaitAutomaticAcknowledgement() {
        CompletableFuture<Integer> pending = pendingAcknowledgement;
        if (pending.isDone() && !pending.isCompletedExceptionally()) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            JMSException failure = JmsExceptions.toJms("Acknowledging messages of " + describe()
                    + " failed; they may be delivered again", unwrap(e));
            if (JmsExceptions.isDatabaseUnavailable(failure)) {
                connection.databaseUnreachable(failure);
            } else {
                connection.reportAsync(failure);
            }
        }
        pendingAcknowledgement = CompletableFuture.completedFuture(0);
    }

    // --- sending -----------------------------------------------------------------------------------------------

    /** The partition this session sends to in {@code destination}, or the message group's partition. */
    int partitionFor(Destination destination, String groupId) {
        int spread = groupId != null ? groupId.hashCode() : partitionSeed;
        return Math.floorMod(spread, destination.partitionCount());
    }

    /**
     * Sends: completes the headers on {@code message}, encodes it, and appends it (persistent: returns once
     * durable), or buffers it until commit in a transacted session.
     */
    void send(SluiceDestination destination, Message message, SendOptions options, CompletionListener completion)
            throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new InvalidDestinationException("No destination given for the message and the producer has none");
        }
        if (message == null) {
            throw new jakarta.jms.MessageFormatException("Cannot send a null message");
        }
        long now = connection.backend().engine().clock().millis();
        message.setJMSDestination(destination);
        message.setJMSDeliveryMode(options.deliveryMode());
        message.setJMSPriority(options.priority());
        message.setJMSTimestamp(options.disableTimestamp() ? 0 : now);
        message.setJMSExpiration(options.timeToLive() > 0 ? now + options.timeToLive() : 0);
        message.setJMSDeliveryTime(now + options.deliveryDelay());
        message.setJMSMessageID(options.disableMessageId() ? null : connection.nextMessageId());
        SluiceMessage sluiceMessage = message instanceof SluiceMessage own ? own : SluiceMessage.copyOf(message);
        if (!sendChecked.contains(destination)) {
            requireSend(destination);
        }
        Destination stored = connection.resolve(destination);
        MessageRecord record;
        try {
            record = connection.backend().codec().encode(sluiceMessage, connection.producerId());
        } catch (RuntimeException e) {
            throw JmsExceptions.link(new jakarta.jms.MessageFormatException("The message for " + destination
                    + " cannot be stored: " + e.getMessage()), e);
        }
        long size = record.bodySize() + (record.properties() == null ? 0 : record.properties().length());
        if (size > connection.config().maxMessageBytes()) {
            throw new jakarta.jms.ResourceAllocationException("The message for " + destination + " is " + size
                    + " bytes (body and properties); this connection sends at most maxMessageBytes = "
                    + connection.config().maxMessageBytes());
        }
        int partition = partitionFor(stored, record.groupId());
        if (isJoined()) {
            inApplicationTransaction("Sending to " + destination, c -> connection.backend().engine().sendInto(c,
                    stored.id(), partition, List.of(record), !joined.willBePrepared()));
            if (completion != null) {
                completeInOrder(CompletableFuture.completedFuture(0L), message, destination, completion);
            }
            return;
        }
        if (isTransacted()) {
            lock.lock();
            try {
                work.sent(stored.id(), partition, record);
            } finally {
                lock.unlock();
            }
            if (completion != null) {
                completeInOrder(CompletableFuture.completedFuture(0L), message, destination, completion);
            }
            return;
        }
        boolean waits = completion == null && options.deliveryMode() == DeliveryMode.PERSISTENT;
        CompletableFuture<Long> appended = waits
                ? connection.backend().engine().appendWaiting(stored.id(), partition, record)
                : connection.backend().engine().append(stored.id(), partition, record);
        if (completion != null) {
            completeInOrder(appended, message, destination, completion);
            return;
        }
        if (options.deliveryMode() == DeliveryMode.PERSISTENT) {
            awaitAppend(appended, destination);
        } else {
            appended.whenComplete((offset, error) -> {
                if (error != null) {
                    connection.reportAsync(sendFailure("Non-persistent send to " + destination + " failed",
                            destination, unwrap(error)));
                }
            });
        }
    }

    /**
     * Runs {@code completion} once the send is done, on a callback thread, after the CompletionListeners of the
     * session's earlier sends (JMS 3.1 section 7.3.4: callbacks in the order of the sends).
     */
    private void completeInOrder(CompletableFuture<Long> appended, Message message, SluiceDestination destination,
                                 CompletionListener completion) {
        synchronized (this) {
            lastCompletion = CompletableFuture.allOf(lastCompletion, appended).handleAsync((ignored, error) -> {
                COMPLETION_SESSION.set(this);
                try {
                    Throwable failure = appended.isCompletedExceptionally() ? unwrap(appended.handle(
                            (offset, e) -> e).join()) : null;
                    if (failure == null) {
                        completion.onCompletion(message);
                    } else {
                        completion.onException(message, sendFailure("Sending to " + destination, destination,
                                failure));
                    }
                } catch (RuntimeException listenerError) {
                    LOG.warn("CompletionListener of {} threw", describe(), listenerError);
                } finally {
                    COMPLETION_SESSION.remove();
                }
                return null;
            }, connection.backend().callbacks());
        }
    }

    /** Waits until every asynchronous send's CompletionListener ran (close and commit do, section 7.3.8). */
    void awaitCompletions(String operation) throws JMSException {
        if (COMPLETION_SESSION.get() == this) {
            throw new IllegalStateException("A CompletionListener must not call " + operation + " on its own session"
                    + " (Jakarta Messaging 3.1, section 7.3.8)");
        }
        CompletableFuture<Void> last;
        synchronized (this) {
            last = lastCompletion;
        }
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("Interrupted waiting for asynchronous sends of " + describe() + " to complete");
        } catch (ExecutionException e) {
            LOG.debug("An asynchronous send of {} failed; its CompletionListener was told", describe(), e);
        }
    }

    private void awaitAppend(CompletableFuture<Long> appended, SluiceDestination destination) throws JMSException {
        try {
            appended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("Interrupted while sending to " + destination
                    + "; the message may or may not have been stored");
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (Backend.destinationVanished(cause)) {
                connection.backend().forget(destination);
            }
            throw sendFailure("Sending to " + destination + " failed", destination, cause);
        }
    }

    /** A send refused for want of the send permission is a JMSSecurityException; others as they are. */
    private JMSException sendFailure(String what, SluiceDestination destination, Throwable cause) {
        JMSException refused = connection.backend().permissions().explainSendFailure(destination, cause);
        if (refused != null) {
            sendChecked.remove(destination);
            return refused;
        }
        return JmsExceptions.toJms(what, cause);
    }

    private void requireSend(SluiceDestination destination) throws JMSException {
        Backend backend = connection.backend();
        backend.permissions().require(destination, Permission.SEND, backend.createsOnFirstUse(destination));
        sendChecked.add(destination);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    // --- producers and consumers -----------------------------------------------------------------------------

    @Override
    public MessageProducer createProducer(jakarta.jms.Destination destination) throws JMSException {
        checkOpen();
        SluiceDestination target = SluiceDestinations.of(destination);
        if (target != null) {
            requireSend(target);
        }
        SluiceMessageProducer producer = new SluiceMessageProducer(this, target);
        producers.add(producer);
        return producer;
    }

    void producerClosed(SluiceMessageProducer producer) {
        producers.remove(producer);
    }

    @Override
    public MessageConsumer createConsumer(jakarta.jms.Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(jakarta.jms.Destination destination, String messageSelector)
            throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(jakarta.jms.Destination destination, String messageSelector,
                                          boolean noLocal) throws JMSException {
        checkOpen();
        SluiceDestination target = SluiceDestinations.require(destination);
        if (target.isTemporary() && !connection.owns(target)) {
            throw new InvalidDestinationException("Only the connection that created " + target
                    + " may consume from it");
        }
        return addConsumer(SubscriptionSpec.forConsumer(target, messageSelector, noLocal));
    }

    private SluiceMessageConsumer addConsumer(SubscriptionSpec spec) throws JMSException {
        Backend backend = connection.backend();
        backend.permissions().require(spec.destination(), Permission.CONSUME,
                backend.createsOnFirstUse(spec.destination()));
        SluiceMessageConsumer consumer = SluiceMessageConsumer.open(this, spec);
        consumers.add(consumer);
        return consumer;
    }

    /** Closes a consumer after any message its listener is processing (JMS 3.1 section 8.8). */
    void closeConsumer(SluiceMessageConsumer consumer) throws JMSException {
        lock.lock();
        try {
            consumer.closeFromSession();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A consumer's own subscription (non-durable topic) is being deleted: what the session received from it needs
     * no acknowledgement or redelivery any more.
     */
    void forgetSubscription(long subscriptionId) {
        work.forget(subscriptionId);
    }

    /** A delivered record went back to its consumer's buffer (a failed receiveBody). */
    void forgetDelivered(Held record) {
        work.forget(record);
    }

    void consumerClosed(SluiceMessageConsumer consumer) {
        consumers.remove(consumer);
    }

    boolean hasConsumerOn(SluiceDestination destination) {
        return consumers.stream().anyMatch(consumer -> consumer.destination().equals(destination));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createSharedConsumer", describe());
        SluiceTopic target = SluiceDestinations.requireTopic(topic);
        if (target.isTemporary() && !connection.owns(target)) {
            throw new InvalidDestinationException("Only the connection that created " + target
                    + " may consume from it");
        }
        return addConsumer(SubscriptionSpec.shared(target, sharedSubscriptionName, messageSelector, false,
                connection.clientIdOrNull()));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createDurableConsumer", describe());
        // An invalid topic is reported before a missing client ID, as the TCK and other providers do.
        SluiceTopic target = durableTopic(topic);
        String clientId = connection.clientIdOrNull();
        if (clientId == null) {
            throw new IllegalStateException("An unshared durable subscription ('" + name + "') needs a client ID:"
                    + " call Connection.setClientID first or configure clientID on the connection factory");
        }
        return addConsumer(SubscriptionSpec.durable(target, name, messageSelector, noLocal, clientId));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createSharedDurableConsumer", describe());
        return addConsumer(SubscriptionSpec.shared(durableTopic(topic), name, messageSelector, true,
                connection.clientIdOrNull()));
    }

    /** Durable subscriptions outlive connections, so they cannot be on a temporary topic (section 8.3.2). */
    private static SluiceTopic durableTopic(Topic topic) throws JMSException {
        SluiceTopic target = SluiceDestinations.requireTopic(topic);
        if (target.isTemporary()) {
            throw new InvalidDestinationException("A durable subscription cannot be created on " + target);
        }
        return target;
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createDurableSubscriber", describe());
        return (TopicSubscriber) createDurableConsumer(topic, name, messageSelector, noLocal);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        domain.checkTopicMethod("unsubscribe", describe());
        DurableSubscriptions.unsubscribe(this, name);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        domain.checkQueueMethod("createBrowser", describe());
        SluiceQueue target = SluiceDestinations.requireQueue(queue);
        connection.backend().permissions().require(target, Permission.BROWSE,
                connection.backend().createsOnFirstUse(target));
        return new SluiceQueueBrowser(this, target, messageSelector);
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkOpen();
        domain.checkQueueMethod("createQueue", describe());
        return new SluiceQueue(SluiceDestinations.validName(queueName, "queue"));
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createTopic", describe());
        return new SluiceTopic(SluiceDestinations.validName(topicName, "topic"));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        domain.checkQueueMethod("createTemporaryQueue", describe());
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        domain.checkTopicMethod("createTemporaryTopic", describe());
        return connection.createTemporaryTopic();
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal)
            throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // --- asynchronous delivery -------------------------------------------------------------------------------

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return sessionListener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new IllegalStateException("Session.setMessageListener is an application-server facility (optional,"
                + " JMS 3.1 section 8) that Sluice does not support; set a listener on a MessageConsumer");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run is an application-server facility Sluice does not"
                + " support");
    }

    /** Starts the session's listener thread if needed and wakes it. */
    void listenerChanged() {
        synchronized (listenerWaker) {
            if (listenerThread == null && !closed) {
                listenerThread = new ListenerThread();
                listenerThread.start();
            }
        }
        listenerWaker.wake();
    }

    Waker listenerWaker() {
        return listenerWaker;
    }

    /** Wakes every waiting receive and the listener thread (start, close). */
    void wakeAll() {
        listenerWaker.wake();
        for (SluiceMessageConsumer consumer : consumers) {
            consumer.wake();
        }
    }

    /**
     * Waits until no listener of this session is running (connection stop). A CompletionListener of this session
     * does not wait: the running listener may itself be waiting for that very callback (commit, rollback and close
     * wait for the session's CompletionListeners), and stop from a CompletionListener is allowed.
     */
    void awaitListenerIdle() {
        if (LISTENER_SESSION.get() == this || COMPLETION_SESSION.get() == this) {
            return;
        }
        lock.lock();
        lock.unlock();
    }

    /** Delivers one message to a consumer's listener, holding the session lock. Returns whether one was delivered. */
    boolean deliverToListener(SluiceMessageConsumer consumer) {
        lock.lock();
        try {
            if (closed || !connection.isStarted()) {
                return false;
            }
            boolean delivered = consumer.deliverOneToListener();
            connection.databaseReached();
            return delivered;
        } catch (JMSException e) {
            if (JmsExceptions.isDatabaseUnavailable(e)) {
                connection.databaseUnreachable(e);
            } else {
                connection.reportAsync(e);
            }
            return false;
        } catch (RuntimeException e) {
            // Never lets the listener thread die: the failure is reported and delivery goes on.
            connection.reportAsync(JmsExceptions.toJms("Delivering to the MessageListener of " + describe()
                    + " failed", e));
            return false;
        } finally {
            lock.unlock();
        }
    }

    private final class ListenerThread extends Thread {

        ListenerThread() {
            super("sluice-listener | " + describe());
            setDaemon(true);
        }

        @Override
        public void run() {
            LISTENER_SESSION.set(SluiceSession.this);
            while (!closed && !connection.isClosed() && !connection.isLost()) {
                long seen = listenerWaker.version();
                boolean delivered = false;
                if (connection.isStarted()) {
                    for (SluiceMessageConsumer consumer : consumers) {
                        if (consumer.hasListener()) {
                            delivered |= deliverToListener(consumer);
                        }
                    }
                }
                if (!delivered) {
                    try {
                        listenerWaker.await(seen, SubscriptionReader.RECHECK_MS);
                    } catch (InterruptedException e) {
                        if (closed) {
                            break;
                        }
                    }
                }
            }
            LISTENER_SESSION.remove();
        }
    }

    // --- close -----------------------------------------------------------------------------------------------

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (LISTENER_SESSION.get() == this) {
            // The javadoc of Session.close allows failing or closing here; failing is what the TCK expects, and
            // closing would have to finish without waiting for the listener that called it.
            throw new IllegalStateException("A MessageListener must not close its own " + describe()
                    + " (javadoc of Session.close); close it from another thread, or close the consumer instead");
        }
        awaitCompletions("close");
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            JMSException failure = null;
            for (SluiceMessageProducer producer : producers) {
                producer.closeQuietly();
            }
            awaitAutomaticAcknowledgement();
            for (SluiceMessageConsumer consumer : consumers) {
                try {
                    consumer.closeFromSession();
                } catch (JMSException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (mode == SESSION_TRANSACTED || mode == CLIENT_ACKNOWLEDGE) {
                // Uncommitted or unacknowledged messages are redelivered (sections 6.2.4 and 6.2.10).
                try {
                    rollbackWork();
                } catch (JMSException e) {
                    failure = failure == null ? e : failure;
                }
            }
            work.clear();
            connection.sessionClosed(this);
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
            listenerWaker.wake();
        }
        ListenerThread thread;
        synchronized (listenerWaker) {
            thread = listenerThread;
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
