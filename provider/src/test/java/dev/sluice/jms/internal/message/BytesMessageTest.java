package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** BytesMessage (section 3.11.4): DataOutputStream-compatible writes and reads of every type. */
class BytesMessageTest {

    @Test
    void writesAndReadsEveryType() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeBoolean(true);
        message.writeBoolean(false);
        message.writeByte((byte) -5);
        message.writeShort((short) -300);
        message.writeChar('\u20ac');
        message.writeInt(Integer.MIN_VALUE);
        message.writeLong(Long.MAX_VALUE);
        message.writeFloat(Float.NaN);
        message.writeDouble(-0.0d);
        message.writeUTF("héllo \uD83D\uDE00 \u0000");
        message.writeBytes(new byte[] {1, 2, 3});
        message.writeBytes(new byte[] {9, 8, 7, 6}, 1, 2);
        message.reset();

        assertThat(message.readBoolean()).isTrue();
        assertThat(message.readBoolean()).isFalse();
        assertThat(message.readByte()).isEqualTo((byte) -5);
        assertThat(message.readShort()).isEqualTo((short) -300);
        assertThat(message.readChar()).isEqualTo('\u20ac');
        assertThat(message.readInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(message.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(message.readFloat()).isNaN();
        assertThat(Double.doubleToRawLongBits(message.readDouble())).isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThat(message.readUTF()).isEqualTo("héllo \uD83D\uDE00 \u0000");
        byte[] rest = new byte[10];
        assertThat(message.readBytes(rest)).isEqualTo(5);
        assertThat(rest).startsWith(1, 2, 3, 8, 7);
        assertThat(message.readBytes(rest)).isEqualTo(-1);
    }

    @Test
    void encodingIsExactlyWhatDataOutputStreamWrites() throws JMSException, IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        data.writeBoolean(true);
        data.writeShort(-2);
        data.writeChar('x');
        data.writeInt(42);
        data.writeLong(-42L);
        data.writeFloat(1.5f);
        data.writeDouble(2.5d);
        data.writeUTF("ünïcode \u0000");
        data.flush();

        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeBoolean(true);
        message.writeShort((short) -2);
        message.writeChar('x');
        message.writeInt(42);
        message.writeLong(-42L);
        message.writeFloat(1.5f);
        message.writeDouble(2.5d);
        message.writeUTF("ünïcode \u0000");
        assertThat(message.bodyBytes()).isEqualTo(expected.toByteArray());
    }

    @Test
    void unsignedReads() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeByte((byte) -1);
        message.writeShort((short) -1);
        message.reset();
        assertThat(message.readUnsignedByte()).isEqualTo(255);
        assertThat(message.readUnsignedShort()).isEqualTo(65535);
    }

    @Test
    void readPastTheEndThrowsEofAndKeepsThePosition() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeShort((short) 7);
        message.reset();
        assertThatThrownBy(message::readInt).isInstanceOf(MessageEOFException.class)
                .hasMessageContaining("needs 4 bytes but 2 remain");
        assertThat(message.readShort()).isEqualTo((short) 7);
        assertThatThrownBy(message::readByte).isInstanceOf(MessageEOFException.class);
        assertThat(message.readBytes(new byte[4])).isEqualTo(-1);
    }

    @Test
    void malformedUtfThrowsFormatExceptionAndKeepsThePosition() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeShort((short) 2);
        message.writeByte((byte) 0xFF);
        message.writeByte((byte) 0xFF);
        message.reset();
        assertThatThrownBy(message::readUTF).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("position 0");
        assertThat(message.readShort()).isEqualTo((short) 2);
    }

    @Test
    void truncatedUtfThrowsEofAndKeepsThePosition() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeShort((short) 10);
        message.writeByte((byte) 'a');
        message.reset();
        assertThatThrownBy(message::readUTF).isInstanceOf(MessageEOFException.class);
        assertThat(message.readShort()).isEqualTo((short) 10);
    }

    @Test
    void writeUtfRefusesStringsLongerThan65535Bytes() {
        SluiceBytesMessage message = new SluiceBytesMessage();
        assertThatThrownBy(() -> message.writeUTF("€".repeat(30000)))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("90000 bytes");
    }

    @Test
    void readBytesWithLengthReadsInPieces() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeBytes(new byte[] {1, 2, 3, 4, 5});
        message.reset();
        assertThat(message.getBodyLength()).isEqualTo(5);
        byte[] buffer = new byte[4];
        assertThat(message.readBytes(buffer, 2)).isEqualTo(2);
        assertThat(buffer).startsWith(1, 2);
        assertThat(message.readBytes(buffer, 4)).isEqualTo(3);
        assertThat(buffer).startsWith(3, 4, 5);
        assertThat(message.readBytes(buffer, 4)).isEqualTo(-1);
        assertThatThrownBy(() -> message.readBytes(buffer, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> message.readBytes(buffer, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writeObjectWritesEachSupportedTypeAsItsTypedWrite() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        Object[] values = {true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "seven", new byte[] {8}};
        for (Object value : values) {
            message.writeObject(value);
        }
        message.reset();
        assertThat(message.readBoolean()).isTrue();
        assertThat(message.readByte()).isEqualTo((byte) 1);
        assertThat(message.readShort()).isEqualTo((short) 2);
        assertThat(message.readChar()).isEqualTo('c');
        assertThat(message.readInt()).isEqualTo(3);
        assertThat(message.readLong()).isEqualTo(4L);
        assertThat(message.readFloat()).isEqualTo(5f);
        assertThat(message.readDouble()).isEqualTo(6d);
        assertThat(message.readUTF()).isEqualTo("seven");
        assertThat(message.readByte()).isEqualTo((byte) 8);
    }

    @Test
    void writeObjectRefusesNullAndOtherTypes() {
        SluiceBytesMessage message = new SluiceBytesMessage();
        assertThatThrownBy(() -> message.writeObject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> message.writeObject(new java.util.Date()))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("java.util.Date");
    }

    @Test
    void writeBytesChecksItsRange() {
        SluiceBytesMessage message = new SluiceBytesMessage();
        assertThatThrownBy(() -> message.writeBytes(new byte[3], 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void sentBytesAreIndependentOfLaterWrites() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeInt(1);
        byte[] sent = message.bodyBytes();
        message.writeInt(2);
        assertThat(sent).hasSize(4);
        message.clearBody();
        message.writeInt(3);
        assertThat(sent).containsExactly(0, 0, 0, 1);
    }

    @Test
    void largeBodiesGrowTheBuffer() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 1000; i++) {
            message.writeBytes(chunk);
            message.writeByte((byte) i);
        }
        message.reset();
        assertThat(message.getBodyLength()).isEqualTo(1_001_000);
    }
}
