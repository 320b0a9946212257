package dev.porthole.deploy.preflight;

import java.util.Map;

import dev.porthole.deploy.preflight.PreflightCheck.Subject;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Where Lambda SnapStart (which Porthole's function uses: Java 21, arm64, published versions) is available. No AWS API
 * reports it, so this follows AWS's documentation, "Improving startup performance with Lambda SnapStart", section
 * Supported Regions (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html#snapstart-supported-regions, read
 * 2026-12-01): "Lambda SnapStart is available in all commercial Regions except Asia Pacific (New Zealand) and Asia
 * Pacific (Taipei)". Their codes are from the AWS Regions list
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 */
public final class SnapStartRegions {

    /** The commercial Regions without SnapStart, with their names and a Region nearby that has it. */
    private static final Map<String, String[]> WITHOUT_SNAPSTART = Map.of(
            "ap-southeast-6", new String[] {"Asia Pacific (New Zealand)", "ap-southeast-2 (Sydney)"},
            "ap-east-2", new String[] {"Asia Pacific (Taipei)", "ap-east-1 (Hong Kong) or ap-northeast-1 (Tokyo)"});

    private SnapStartRegions() {
    }

    public static PreflightCheck check(String region) {
        String[] without = WITHOUT_SNAPSTART.get(region);
        if (without != null) {
            return PreflightCheck.failed(Subject.SNAPSTART_REGION, "Lambda SnapStart, which Porthole's function needs "
                            + "(Java 21 on arm64), is not available in " + region + ", " + without[0] + ": AWS offers it in every "
                            + "commercial Region except Asia Pacific (New Zealand) and Asia Pacific (Taipei). CloudFormation "
                            + "would fail to publish the function's version.",
                    "Deploy to a Region that has it, for example " + without[1] + ", with --region.");
        }
        String partition = PartitionMetadata.of(Region.of(region)).id();
        if (!partition.equals("aws")) {
            return PreflightCheck.warning(Subject.SNAPSTART_REGION, region + " is not a commercial AWS Region (partition "
                            + partition + "): AWS documents Lambda SnapStart for the commercial Regions only, and Porthole has "
                            + "not been tried there.",
                    "If creating FunctionVersion fails, SnapStart is the likely cause: deploy to a commercial Region instead.");
        }
        return PreflightCheck.passed(Subject.SNAPSTART_REGION, "Lambda SnapStart for Java 21 on arm64 is available in " + region + ".");
    }
}
