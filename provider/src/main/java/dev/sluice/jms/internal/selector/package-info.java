/**
 * The message selector language of Jakarta Messaging 3.1 (section 3.8.1, "Message selector"): a hand-written
 * lexer ({@link dev.sluice.jms.internal.selector.SelectorLexer}) and recursive-descent parser
 * ({@link dev.sluice.jms.internal.selector.SelectorParser}) that build an immutable expression tree, its
 * in-memory evaluation over a {@link dev.sluice.jms.internal.selector.SelectorContext}, and its exact
 * translation into a PostgreSQL condition over {@code sluice.message}
 * ({@link dev.sluice.jms.internal.selector.Selector#toSql()}).
 *
 * <p>Entry point: {@link dev.sluice.jms.internal.selector.Selector#parse(String)}. Everything else here is
 * package-private except the context interface, the SQL fragment, the syntax exception and the JSON number format
 * the SQL translation relies on.
 */
package dev.sluice.jms.internal.selector;
