#include "docker/json_fields.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

const nlohmann::json kDoc = nlohmann::json::parse(R"({
  "s": "text", "n": null, "i": -3, "f": 2.9, "big": 18446744073709551615, "b": true,
  "list": ["a", 1, "b"], "map": {"k": "v", "x": 2}, "obj": {"inner": "yes"}})");

TEST(JsonFields, ReadPresentFieldsOfTheRightType) {
  EXPECT_EQ(StringField(kDoc, "s"), "text");
  EXPECT_EQ(IntField(kDoc, "i"), -3);
  EXPECT_EQ(IntField(kDoc, "f"), 2);
  EXPECT_EQ(UintField(kDoc, "big"), 18446744073709551615u);
  EXPECT_TRUE(BoolField(kDoc, "b"));
  EXPECT_EQ(StringListField(kDoc, "list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(StringMapField(kDoc, "map"), (std::map<std::string, std::string>{{"k", "v"}}));
  EXPECT_EQ(StringField(Field(kDoc, "obj"), "inner"), "yes");
}

TEST(JsonFields, MissingNullOrMistypedGiveTheEmptyValue) {
  EXPECT_EQ(StringField(kDoc, "n"), "");
  EXPECT_EQ(StringField(kDoc, "i"), "");
  EXPECT_EQ(StringField(kDoc, "absent"), "");
  EXPECT_EQ(IntField(kDoc, "s"), 0);
  EXPECT_EQ(UintField(kDoc, "i"), 0u);
  EXPECT_FALSE(BoolField(kDoc, "s"));
  EXPECT_TRUE(StringListField(kDoc, "map").empty());
  EXPECT_TRUE(StringMapField(kDoc, "list").empty());
  EXPECT_TRUE(Field(kDoc, "absent").is_null());
  EXPECT_EQ(StringField(nlohmann::json::array(), "s"), "") << "not an object at all";
}

TEST(ParseJson, MalformedIsAProtocolErrorQuotingTheStart) {
  Result<nlohmann::json> parsed = ParseJson("<html>oops</html>", "a test body");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kProtocol);
  EXPECT_NE(parsed.error().message.find("a test body"), std::string::npos);
  EXPECT_NE(parsed.error().message.find("<html>"), std::string::npos);
}

}  // namespace
}  // namespace ds01::docker
