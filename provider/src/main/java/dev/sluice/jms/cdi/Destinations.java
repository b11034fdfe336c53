package dev.sluice.jms.cdi;

import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/** Produces {@code @Inject @DestinationName("orders") Queue} and {@code Topic}. Thread-safe. */
@ApplicationScoped
class Destinations {

    @Produces
    @Dependent
    @DestinationName("")
    Queue queue(InjectionPoint injectionPoint) {
        return new SluiceQueue(name(injectionPoint));
    }

    @Produces
    @Dependent
    @DestinationName("")
    Topic topic(InjectionPoint injectionPoint) {
        return new SluiceTopic(name(injectionPoint));
    }

    private static String name(InjectionPoint injectionPoint) {
        return injectionPoint.getQualifiers().stream()
                .filter(DestinationName.class::isInstance)
                .map(qualifier -> ((DestinationName) qualifier).value())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No @DestinationName on " + injectionPoint));
    }
}
