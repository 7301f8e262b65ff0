#include "cli/output/fields.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

using nlohmann::json;

const json kObject{{"text", "t"},     {"number", 2.5},  {"flag", true},
                   {"null", nullptr}, {"list", {1, 2}}, {"inner", {{"k", "v"}}}};

TEST(Fields, ReadValuesOfTheRightType) {
  EXPECT_EQ(TextField(kObject, "text"), "t");
  EXPECT_EQ(NumberField(kObject, "number"), 2.5);
  EXPECT_TRUE(BoolField(kObject, "flag"));
  EXPECT_EQ(ArrayField(kObject, "list").size(), 2u);
  EXPECT_EQ(TextField(ObjectField(kObject, "inner"), "k"), "v");
}

TEST(Fields, MissingOrMistypedValuesReadAsEmpty) {
  EXPECT_EQ(TextField(kObject, "number"), "");
  EXPECT_FALSE(NumberField(kObject, "text").has_value());
  EXPECT_FALSE(NumberField(kObject, "null").has_value());
  EXPECT_FALSE(BoolField(kObject, "text"));
  EXPECT_TRUE(ArrayField(kObject, "text").empty());
  EXPECT_TRUE(ObjectField(kObject, "list").empty());
  EXPECT_EQ(TextField(json("not an object"), "text"), "");
  EXPECT_TRUE(ArrayField(json(nullptr), "list").empty());
}

}  // namespace
}  // namespace ds01::cli
