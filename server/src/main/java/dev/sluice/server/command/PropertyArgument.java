package dev.sluice.server.command;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Locale;
import picocli.CommandLine;

/**
 * A {@code --property NAME[:TYPE]=VALUE} argument: a JMS message property, a String unless a type is given
 * ({@code string}, {@code int}, {@code long}, {@code double}, {@code boolean}), e.g. {@code orderId:int=42}.
 * Immutable.
 */
record PropertyArgument(String name, String type, String value) {

    static final String DESCRIPTION = "Message property NAME[:TYPE]=VALUE, TYPE one of string (default), int, long,"
            + " double, boolean; repeatable. Example: -p orderId:int=42 -p region=eu";

    /** Picocli converter. */
    static final class Converter implements CommandLine.ITypeConverter<PropertyArgument> {
        @Override
        public PropertyArgument convert(String argument) {
            return parse(argument);
        }
    }

    static PropertyArgument parse(String argument) {
        int equals = argument.indexOf('=');
        if (equals <= 0) {
            throw new CommandLine.TypeConversionException("'" + argument + "' is not NAME[:TYPE]=VALUE");
        }
        String key = argument.substring(0, equals);
        String value = argument.substring(equals + 1);
        int colon = key.lastIndexOf(':');
        String name = colon < 0 ? key : key.substring(0, colon);
        String type = colon < 0 ? "string" : key.substring(colon + 1).toLowerCase(Locale.ROOT);
        PropertyArgument property = new PropertyArgument(name, type, value);
        property.typedValue();
        return property;
    }

    Object typedValue() {
        try {
            return switch (type) {
                case "string" -> value;
                case "int" -> Integer.parseInt(value);
                case "long" -> Long.parseLong(value);
                case "double" -> Double.parseDouble(value);
                case "boolean" -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        throw new NumberFormatException("not true or false");
                    }
                    yield Boolean.parseBoolean(value);
                }
                default -> throw new CommandLine.TypeConversionException("Property '" + name + "' has unknown type '"
                        + type + "': use string, int, long, double or boolean");
            };
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("Property '" + name + "': '" + value + "' is not a "
                    + type);
        }
    }

    void applyTo(Message message) throws JMSException {
        message.setObjectProperty(name, typedValue());
    }
}
