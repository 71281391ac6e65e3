package dev.riposte.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class as part of the admin API. {@link AdminAuthFilter} guards every request that
 * reaches such a class, whatever spelling of the path got it there ({@code //admin}, {@code /./admin},
 * {@code ;x=y}, {@code %2F}), so authorization never depends on string checks of the URL alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface AdminEndpoint {}
