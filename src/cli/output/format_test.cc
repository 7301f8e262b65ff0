#include "cli/output/format.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

TEST(ParseOutputFormat, KnowsTheThreeFormats) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("simple"), OutputFormat::kSimple);
}

TEST(ParseOutputFormat, RefusesOthersNamingTheChoices) {
  auto format = ParseOutputFormat("yaml");
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(format.error().hint, "use --format=table, --format=json or --format=simple");
}

}  // namespace
}  // namespace ds01::cli
