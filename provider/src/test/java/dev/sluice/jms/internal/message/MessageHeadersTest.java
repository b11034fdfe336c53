package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.SluiceQueue;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Header fields (section 3.4), acknowledge and the engine's hooks. */
class MessageHeadersTest {

    @Test
    void newMessageHasTheSpecificationsDefaults() {
        SluiceMessage message = new SluicePlainMessage();
        assertThat(message.getJMSMessageID()).isNull();
        assertThat(message.getJMSCorrelationID()).isNull();
        assertThat(message.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(message.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(message.getJMSPriority()).isEqualTo(Message.DEFAULT_PRIORITY);
        assertThat(message.getJMSTimestamp()).isZero();
        assertThat(message.getJMSExpiration()).isZero();
        assertThat(message.getJMSDeliveryTime()).isZero();
        assertThat(message.getJMSRedelivered()).isFalse();
        assertThat(message.getJMSReplyTo()).isNull();
        assertThat(message.getJMSDestination()).isNull();
        assertThat(message.getJMSType()).isNull();
        assertThat(message.deliveryCount()).isZero();
    }

    @Test
    void everyHeaderReadsBackWhatWasSet() {
        SluiceMessage message = new SluiceTextMessage();
        SluiceQueue replies = new SluiceQueue("replies");
        SluiceQueue orders = new SluiceQueue("orders");
        message.setJMSMessageID("ID:1");
        message.setJMSTimestamp(1000L);
        message.setJMSCorrelationID("request-9");
        message.setJMSReplyTo(replies);
        message.setJMSDestination(orders);
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSRedelivered(true);
        message.setJMSType("order");
        message.setJMSExpiration(5000L);
        message.setJMSDeliveryTime(2000L);
        message.setJMSPriority(9);
        assertThat(message.getJMSMessageID()).isEqualTo("ID:1");
        assertThat(message.getJMSTimestamp()).isEqualTo(1000L);
        assertThat(message.getJMSCorrelationID()).isEqualTo("request-9");
        assertThat(message.getJMSReplyTo()).isSameAs(replies);
        assertThat(message.getJMSDestination()).isSameAs(orders);
        assertThat(message.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(message.getJMSRedelivered()).isTrue();
        assertThat(message.getJMSType()).isEqualTo("order");
        assertThat(message.getJMSExpiration()).isEqualTo(5000L);
        assertThat(message.getJMSDeliveryTime()).isEqualTo(2000L);
        assertThat(message.getJMSPriority()).isEqualTo(9);
        assertThat(message.toString()).contains("ID:1", "queue 'orders'", "request-9", "non-persistent");
    }

    @Test
    void correlationIdAsBytesIsCopiedAndReadableAsUtf8Text() {
        SluiceMessage message = new SluicePlainMessage();
        byte[] id = "corr-é".getBytes(StandardCharsets.UTF_8);
        message.setJMSCorrelationIDAsBytes(id);
        id[0] = 'X';
        byte[] read = message.getJMSCorrelationIDAsBytes();
        assertThat(read).isEqualTo("corr-é".getBytes(StandardCharsets.UTF_8));
        read[0] = 'Y';
        assertThat(message.getJMSCorrelationIDAsBytes()[0]).isEqualTo((byte) 'c');
        assertThat(message.getJMSCorrelationID()).isEqualTo("corr-é");

        message.setJMSCorrelationID("text");
        assertThat(message.getJMSCorrelationIDAsBytes()).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
        message.setJMSCorrelationIDAsBytes(null);
        assertThat(message.getJMSCorrelationID()).isNull();
    }

    @Test
    void acknowledgeCallsTheAcknowledgerOrDoesNothing() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.acknowledge();
        AtomicInteger calls = new AtomicInteger();
        message.setAcknowledger(calls::incrementAndGet);
        message.acknowledge();
        message.acknowledge();
        assertThat(calls).hasValue(2);
        message.setAcknowledger(() -> {
            throw new jakarta.jms.IllegalStateException("Session 3 is closed");
        });
        assertThatThrownBy(message::acknowledge).hasMessage("Session 3 is closed");
    }

    @Test
    void bodyTypeCodesAreTheStoredOnes() {
        assertThat(new SluicePlainMessage().bodyTypeCode()).isZero();
        assertThat(new SluiceTextMessage().bodyTypeCode()).isEqualTo(1);
        assertThat(new SluiceBytesMessage().bodyTypeCode()).isEqualTo(2);
        assertThat(new SluiceMapMessage().bodyTypeCode()).isEqualTo(3);
        assertThat(new SluiceStreamMessage().bodyTypeCode()).isEqualTo(4);
        assertThat(new SluiceObjectMessage().bodyTypeCode()).isEqualTo(5);
        assertThat(BodyType.fromCode(4)).isEqualTo(BodyType.STREAM);
        assertThatThrownBy(() -> BodyType.fromCode(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code 6");
    }
}
