package dev.sluice.jms.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a queue or a topic by its name: {@code @Inject @DestinationName("orders") Queue orders;}. The name is
 * not part of the qualifier's identity ({@link Nonbinding}), so one producer serves every name; creating the object
 * does not create the destination, which Sluice does on first use.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface DestinationName {

    /** The queue's or topic's name, such as {@code orders} or {@code prices.eu}. */
    @Nonbinding
    String value();
}
