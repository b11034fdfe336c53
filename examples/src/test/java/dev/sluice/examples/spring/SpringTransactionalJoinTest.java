package dev.sluice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.jms.SluiceTransactions;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring, unchanged, sends through Sluice inside a {@code @Transactional} method of a plain bean: a
 * {@link DataSourceTransactionManager} on the Sluice database, a {@link JmsTemplate} on
 * {@link SluiceTransactions#joining} around a {@link TransactionAwareDataSourceProxy} of the same DataSource. The
 * {@link JdbcTemplate} insert and the {@code convertAndSend} commit together, or roll back together when the method
 * throws. The messages are received with an ordinary Sluice consumer.
 */
@ExtendWith(PostgresExtension.class)
class SpringTransactionalJoinTest {

    private static final String QUEUE = "examples.spring.joined.orders";
    private static final long RECEIVE_MS = Timing.seconds(10).toMillis();

    private static TestDatabase db;
    private static SluiceConnectionFactory sluice;
    private static AnnotationConfigApplicationContext spring;

    @BeforeAll
    static void startSpring(TestDatabase database) {
        db = database;
        sluice = new SluiceConnectionFactory(db.jdbcUrl());
        sluice.setUser(db.user());
        sluice.setPassword(db.password());
        spring = new AnnotationConfigApplicationContext();
        spring.registerBean(TestDatabase.class, () -> db);
        spring.registerBean(SluiceConnectionFactory.class, () -> sluice);
        spring.register(OrderConfiguration.class);
        spring.refresh();
        spring.getBean(JdbcTemplate.class).execute(
                "create table if not exists spring_order (id text primary key, item text not null)");
    }

    @AfterAll
    static void stopSpring() {
        if (spring != null) {
            spring.close();
        }
    }

    @Test
    void transactionalMethodThatReturnsCommitsTheRowAndTheMessageTogether() {
        OrderService orders = spring.getBean(OrderService.class);
        try (JMSContext plain = sluice.createContext();
             JMSConsumer consumer = plain.createConsumer(plain.createQueue(QUEUE))) {
            orders.placeOrder("s-1", "2 books", () -> {
                // inside the method, after the send: the transaction is still open
                assertThat(consumer.receiveNoWait()).as("the message before the commit").isNull();
                assertThat(rowsFor("s-1")).as("the row seen from outside before the commit").isZero();
            });
            assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).as("the message after the commit")
                    .isEqualTo("order-created s-1: 2 books");
            assertThat(rowsFor("s-1")).as("the row after the commit").isEqualTo(1);
        }
    }

    @Test
    void transactionalMethodThatThrowsLeavesNeitherRowNorMessage() {
        OrderService orders = spring.getBean(OrderService.class);
        try (JMSContext plain = sluice.createContext();
             JMSConsumer consumer = plain.createConsumer(plain.createQueue(QUEUE))) {
            assertThatThrownBy(() -> orders.placeOrder("s-2", "1 lamp", () -> {
                throw new IllegalStateException("out of lamps");
            })).isInstanceOf(IllegalStateException.class).hasMessage("out of lamps");

            // Nothing of the rolled-back transaction is pending, so nothing can be published later; and the queue
            // delivers nothing for a while longer than one sweep of the pending publishers.
            assertThat(pendingFor(QUEUE)).as("pending messages of the rolled-back transaction").isZero();
            assertThat(consumer.receive(Timing.seconds(6).toMillis())).as("a message after the rollback").isNull();
            assertThat(rowsFor("s-2")).as("the row after the rollback").isZero();
        }
    }

    /** Counts on a connection of its own, outside any Spring transaction. */
    private static int rowsFor(String id) {
        try (Connection connection = db.connect();
             PreparedStatement count = connection.prepareStatement("select count(*) from spring_order where id = ?")) {
            count.setString(1, id);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Counting order " + id + " failed", e);
        }
    }

    private static int pendingFor(String queue) {
        return spring.getBean(JdbcTemplate.class).queryForObject("select count(*) from sluice.pending_message p"
                + " join sluice.destination d on d.destination_id = p.destination_id where d.name = ?",
                Integer.class, queue);
    }

    /** What a Spring application declares; the only Sluice line is the JmsTemplate's connection factory. */
    @Configuration
    @EnableTransactionManagement
    static class OrderConfiguration {

        @Bean(destroyMethod = "close")
        HikariDataSource dataSource(TestDatabase db) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.jdbcUrl());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(4);
            config.setPoolName("spring-orders");
            return new HikariDataSource(config);
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        JmsTemplate jmsTemplate(SluiceConnectionFactory sluice, DataSource dataSource) {
            return new JmsTemplate(SluiceTransactions.joining(sluice, new TransactionAwareDataSourceProxy(dataSource)));
        }

        @Bean
        OrderService orderService(JdbcTemplate jdbc, JmsTemplate jms) {
            return new OrderService(jdbc, jms);
        }
    }

    /** Saves an order and sends its event, in one Spring transaction. Thread-safe. */
    static class OrderService {

        private final JdbcTemplate jdbc;
        private final JmsTemplate jms;

        OrderService(JdbcTemplate jdbc, JmsTemplate jms) {
            this.jdbc = jdbc;
            this.jms = jms;
        }

        /** {@code beforeCommit} runs last inside the transaction: a test's look from outside, or a failure. */
        @Transactional
        public void placeOrder(String id, String item, Runnable beforeCommit) {
            jdbc.update("insert into spring_order (id, item) values (?, ?)", id, item);
            jms.convertAndSend(QUEUE, "order-created " + id + ": " + item);
            beforeCommit.run();
        }
    }
}
