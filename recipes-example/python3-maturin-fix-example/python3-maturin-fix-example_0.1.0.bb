# nooelint: oelint.var.mandatoryvar.HOMEPAGE, oelint.var.suggestedvar.BUGTRACKER, oelint.var.suggestedvar.CVE_PRODUCT - no public web site or CVE product yet
require ${BPN}.inc

inherit cargo-update-recipe-crates

BBCLASSEXTEND = "native nativesdk"
