#pragma once

#include "cli/args.h"
#include "cli/output/format.h"

namespace ds01::cli {

/// Declares "--format=table|json|simple" on `args`, bound to `format`; other values are a usage
/// error naming the three.
void DeclareFormat(ArgSpec& args, OutputFormat& format);

}  // namespace ds01::cli
