package dev.sluice.jms.jndi;

import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;

/**
 * The flat, read-only JNDI context {@link SluiceInitialContextFactory} returns: lookups and listings work, changes
 * throw OperationNotSupportedException. Thread-safe (immutable).
 */
final class ReadOnlyContext implements Context {

    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> environment;

    ReadOnlyContext(Map<String, Object> bindings, Hashtable<Object, Object> environment) {
        this.bindings = Map.copyOf(bindings);
        this.environment = environment;
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name.isEmpty()) {
            return this;
        }
        Object bound = bindings.get(name);
        if (bound == null) {
            NameNotFoundException missing = new NameNotFoundException("No JNDI entry '" + name + "'; configured: "
                    + new java.util.TreeSet<>(bindings.keySet()) + " (add connectionFactory." + name + ", queue."
                    + name + " or topic." + name + " to jndi.properties)");
            missing.setRemainingName(new CompositeName(name));
            throw missing;
        }
        return bound;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        requireRoot(name);
        return enumerate(bindings.entrySet().stream()
                .map(entry -> new NameClassPair(entry.getKey(), entry.getValue().getClass().getName()))
                .iterator());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        requireRoot(name);
        return enumerate(bindings.entrySet().stream()
                .map(entry -> new Binding(entry.getKey(), entry.getValue()))
                .iterator());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    private static void requireRoot(String name) throws NamingException {
        if (!name.isEmpty()) {
            throw new NameNotFoundException("The Sluice JNDI context is flat; there is no sub-context '" + name + "'");
        }
    }

    private static <T> NamingEnumeration<T> enumerate(Iterator<T> iterator) {
        return new NamingEnumeration<>() {
            @Override
            public T next() {
                return iterator.next();
            }

            @Override
            public boolean hasMore() {
                return iterator.hasNext();
            }

            @Override
            public void close() {
            }

            @Override
            public boolean hasMoreElements() {
                return iterator.hasNext();
            }

            @Override
            public T nextElement() {
                return iterator.next();
            }
        };
    }

    private static OperationNotSupportedException readOnly() {
        return new OperationNotSupportedException("The Sluice JNDI context is read-only; configure entries in"
                + " jndi.properties or the InitialContext environment");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NameParser getNameParser(Name name) {
        return CompositeName::new;
    }

    @Override
    public NameParser getNameParser(String name) {
        return CompositeName::new;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return (Hashtable<?, ?>) environment.clone();
    }

    @Override
    public void close() {
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }
}
