package dev.riposte.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code OPTIONS /admin/...} is answered by the REST layer itself, before any post-matching filter runs, so without
 * this an unauthenticated caller got 200 and the list of methods. Here it needs the same credentials as a read.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
class AdminPreflightFilter extends AdminAuthFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod())) {
            super.filter(request);
        }
    }
}
