package dev.porthole.desktop.deploy;

import dev.porthole.template.Parameter;
import dev.porthole.template.Template;

import java.util.Locale;

/**
 * The backend's own domain for its public URLs: a domain name and the ARN of an ACM certificate for it, both or
 * neither (the template's {@code DomainName} and {@code CertificateArn} parameters and its rules about them).
 *
 * @param domainName     lowercase, e.g. {@code tunnel.example.com}; empty for none
 * @param certificateArn e.g. {@code arn:aws:acm:eu-west-1:123456789012:certificate/…}; empty for none
 */
public record CustomDomain(String domainName, String certificateArn) {
    public static final CustomDomain NONE = new CustomDomain("", "");

    public CustomDomain {
        // as the deployer sends it: DNS names are case-insensitive and the template asks for lowercase
        domainName = domainName == null ? "" : domainName.strip().toLowerCase(Locale.ROOT);
        certificateArn = certificateArn == null ? "" : certificateArn.strip();
    }

    public boolean isSet() {
        return !domainName.isEmpty() || !certificateArn.isEmpty();
    }

    /** What is wrong with each field, in words; empty strings when the pair can be deployed. */
    public record Problems(String domainName, String certificateArn) {
        public boolean none() {
            return domainName.isEmpty() && certificateArn.isEmpty();
        }
    }

    /**
     * Checks the pair the way CloudFormation will (the template's patterns, lengths and both-or-neither rules), and
     * that the certificate is in the Region the backend goes to, which API Gateway needs and CloudFormation only finds
     * out minutes into the deployment.
     */
    public Problems problems(String region) {
        return new Problems(domainProblem(), certificateProblem(region));
    }

    private String domainProblem() {
        if (domainName.isEmpty()) {
            return certificateArn.isEmpty() ? "" : "Enter the domain the certificate is for, or leave both empty.";
        }
        if (domainName.contains("://") || domainName.contains("/")) {
            return "Enter only the domain name, without https:// or a path, for example tunnel.example.com.";
        }
        if (domainName.startsWith("*.")) {
            return "Enter one domain name, not a wildcard (the certificate may be a wildcard one), for example tunnel.example.com.";
        }
        if (!domainName.contains(".")) {
            return "Enter a full domain name, for example tunnel.example.com.";
        }
        Parameter rule = TemplateRules.DOMAIN_NAME;
        if (rule.maxLength() != null && domainName.length() > rule.maxLength()) {
            return "A custom domain has at most " + rule.maxLength() + " characters.";
        }
        return rule.problem(domainName).isEmpty() ? ""
                : "This is not a domain name: use letters, digits and dashes between dots, for example tunnel.example.com.";
    }

    private String certificateProblem(String region) {
        if (certificateArn.isEmpty()) {
            return domainName.isEmpty() ? "" : "A custom domain needs an ACM certificate for it"
                    + (region == null || region.isBlank() ? "" : " in " + region) + ": paste the certificate's ARN.";
        }
        if (TemplateRules.CERTIFICATE_ARN.problem(certificateArn).isPresent()) {
            return "This is not an ACM certificate ARN. It looks like arn:aws:acm:" + (region == null || region.isBlank() ? "us-east-1" : region)
                    + ":123456789012:certificate/… (copy it from the certificate's page in the ACM console).";
        }
        String certificateRegion = certificateArn.split(":")[3];
        if (region != null && !region.isBlank() && !certificateRegion.equals(region.strip())) {
            return "This certificate is in " + certificateRegion + ", but the backend goes to " + region.strip()
                    + ". API Gateway needs one in the backend's Region: request or import it there in ACM.";
        }
        return "";
    }

    /** The template's own rules, read once: the dialog and CloudFormation can never disagree about a value's shape. */
    private static final class TemplateRules {
        static final Parameter DOMAIN_NAME;
        static final Parameter CERTIFICATE_ARN;

        static {
            Template template = Template.load();
            DOMAIN_NAME = template.parameter("DomainName");
            CERTIFICATE_ARN = template.parameter("CertificateArn");
        }
    }
}
