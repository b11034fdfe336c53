package dev.sluice.jms.internal.selector;

/** A reference to one of the header fields a selector may name. Immutable. */
record HeaderReference(Header header) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        return header.read(message);
    }

    @Override
    public ValueType type() {
        return header.type();
    }
}
