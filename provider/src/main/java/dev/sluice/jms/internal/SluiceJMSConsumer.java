package dev.sluice.jms.internal;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;
import jakarta.jms.StreamMessage;

/**
 * The simplified API's consumer (JMS 3.1 section 10.4) over a classic consumer. receiveBody returns the body of
 * the next message; when that body cannot be given as the requested type the message is not consumed but
 * delivered again (section 10.4.2). Follows its context's single-thread rule.
 */
final class SluiceJMSConsumer implements JMSConsumer {

    private final SluiceMessageConsumer consumer;

    SluiceJMSConsumer(SluiceMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return SluiceContext.runtime(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return SluiceContext.runtime(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        SluiceContext.runtime(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return SluiceContext.runtime(() -> consumer.receive());
    }

    @Override
    public Message receive(long timeout) {
        return SluiceContext.runtime(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return SluiceContext.runtime(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        SluiceContext.runtime(consumer::close);
    }

    @Override
    public <T> T receiveBody(Class<T> type) {
        return body(0, type);
    }

    @Override
    public <T> T receiveBody(Class<T> type, long timeout) {
        return body(timeout, type);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> type) {
        return body(-1, type);
    }

    private <T> T body(long timeout, Class<T> type) {
        return SluiceContext.runtime(() -> {
            Message message = consumer.receiveDeferringAcknowledge(timeout);
            if (message == null) {
                return null;
            }
            T body = null;
            try {
                if (!(message instanceof StreamMessage) && message.isBodyAssignableTo(type)) {
                    body = message.getBody(type);
                }
            } catch (JMSException e) {
                body = null;
            }
            if (body == null) {
                // Section 10.4.2: a plain Message, a StreamMessage, a message without a body or of another type
                // cannot be received as a body; the message stays for the next receive.
                consumer.afterDeferredAcknowledge(false);
                throw new MessageFormatRuntimeException("Message " + message.getJMSMessageID() + " ("
                        + message.getClass().getSimpleName() + ") has no body that can be returned as "
                        + type.getName() + "; it will be delivered again");
            }
            consumer.afterDeferredAcknowledge(true);
            return body;
        });
    }
}
