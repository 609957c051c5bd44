package io.synchub.outbox;

import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The platforms the hub pushes to, as their declarations ({@code mappings/<id>/platform.yaml}) say: a platform
 * whose required settings are missing is disabled, gets no jobs planned and its dispatcher idles.
 * A platform package may also declare a target in Java ({@link DeclaredPushTarget}) whose readiness it decides itself.
 */
@Component("pushTargets")
public class PushTargets {

    private final PlatformRegistry platforms;
    private final ObjectProvider<DeclaredPushTarget> declared;
    /**
     * The Java-declared targets, looked up once: streaming the provider asks the bean factory for every bean of the
     * type on each call, and the planner asked on every item it planned. Their readiness is still asked each time.
     */
    private volatile List<DeclaredPushTarget> declaredTargets;

    public PushTargets(PlatformRegistry platforms, ObjectProvider<DeclaredPushTarget> declared) {
        this.platforms = platforms;
        this.declared = declared;
    }

    public boolean enabled(String target) {
        boolean declaredInJava = false;
        for (DeclaredPushTarget d : declaredTargets()) {
            if (d.target().equals(target)) {
                declaredInJava = true;
                if (d.enabled()) {
                    return true;
                }
            }
        }
        return !declaredInJava && platforms.enabled(target);
    }

    private List<DeclaredPushTarget> declaredTargets() {
        List<DeclaredPushTarget> known = declaredTargets;
        if (known == null) {
            known = declared.orderedStream().toList();
            declaredTargets = known;
        }
        return known;
    }

    /** Every enabled platform; the planner gives a job only to those the ownership rules push to. */
    public Set<String> enabledTargets() {
        Set<String> out = new LinkedHashSet<>();
        for (PlatformDeclaration p : platforms.all()) {
            if (enabled(p.origin())) {
                out.add(p.origin());
            }
        }
        return out;
    }

    /** Whether a target only receives products that are already linked to it (it has no create path in the hub). */
    public boolean needsLink(String target) {
        return platforms.find(target).map(PlatformDeclaration::needsLink).orElse(true);
    }

    /** Whether the stock level goes to the target as its own operation (a separate job) rather than with the product. */
    public boolean stockSeparate(String target) {
        return platforms.find(target).map(PlatformDeclaration::stockSeparate).orElse(false);
    }

    /** The platform's base URL (no trailing slash), for the push routes' URLs. */
    public String baseUrl(String target) {
        return platforms.baseUrl(target);
    }
}
