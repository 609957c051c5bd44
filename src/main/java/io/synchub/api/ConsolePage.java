package io.synchub.api;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator console: static HTML and JavaScript under {@code /console/} (no build step). The page holds no data;
 * everything it shows comes from {@code /api/}, which it calls with the operator login.
 */
@Controller
public class ConsolePage {

    @GetMapping("/console")
    public String console() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    public String index() {
        return "forward:/console/index.html";
    }
}
