/**
 * CDI integration: {@code @Inject JMSContext} as Jakarta Messaging 3.1 section 12.4 defines it, connection
 * factories configured from {@code sluice.*} properties, queues and topics injected by name
 * ({@link dev.sluice.jms.cdi.DestinationName}), and {@link dev.sluice.jms.cdi.SluiceListener} methods whose
 * consumers start and stop with the container. {@link dev.sluice.jms.cdi.SluiceExtension} is the entry point; a CDI
 * container finds it through {@code META-INF/services}, so nothing else is needed than the provider jar on the
 * class path. The CDI API is an optional dependency of the provider: only this package uses it.
 */
package dev.sluice.jms.cdi;
