package io.sealcloud.devstack.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static JsonNode apply(String original, String patch) throws Exception {
        return StrategicMergePatch.apply(json(original), json(patch));
    }

    @Test
    void mergesListElementsByNameAndKeepsTheOthers() throws Exception {
        JsonNode result = apply(
                "{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}",
                "{'containers':[{'name':'b','image':'3'}]}");

        assertThat(result).isEqualTo(json("{'containers':[{'name':'a','image':'1'},{'name':'b','image':'3'}]}"));
    }

    @Test
    void mergesNestedMapsAndRemovesFieldsSetToNull() throws Exception {
        JsonNode result = apply(
                "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'x':1}}",
                "{'metadata':{'labels':{'b':null,'c':'3'}}}");

        assertThat(result).isEqualTo(json("{'metadata':{'labels':{'a':'1','c':'3'}},'spec':{'x':1}}"));
    }

    @Test
    void deletesAListElementMarkedWithPatchDelete() throws Exception {
        JsonNode result = apply(
                "{'ports':[{'containerPort':80},{'containerPort':443}]}",
                "{'ports':[{'containerPort':80,'$patch':'delete'}]}");

        assertThat(result).isEqualTo(json("{'ports':[{'containerPort':443}]}"));
    }

    @Test
    void replacesAMapMarkedWithPatchReplace() throws Exception {
        JsonNode result = apply("{'data':{'a':'1','b':'2'}}", "{'data':{'$patch':'replace','c':'3'}}");

        assertThat(result).isEqualTo(json("{'data':{'c':'3'}}"));
    }

    @Test
    void ordersListElementsAsSetElementOrderSays() throws Exception {
        JsonNode result = apply(
                "{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}",
                "{'$setElementOrder/env':[{'name':'C'},{'name':'B'},{'name':'A'}],'env':[{'name':'C','value':'3'}]}");

        assertThat(result.path("env").findValuesAsText("name")).containsExactly("C", "B", "A");
    }

    @Test
    void keepsThePrimitiveListElementsNamedBySetElementOrder() throws Exception {
        JsonNode result = apply(
                "{'metadata':{'finalizers':['a','b']}}",
                "{'metadata':{'$setElementOrder/finalizers':['a','b','c'],'finalizers':['c']}}");

        assertThat(result.path("metadata").path("finalizers")).isEqualTo(json("['a','b','c']"));
    }

    @Test
    void removesValuesNamedByDeleteFromPrimitiveList() throws Exception {
        JsonNode result = apply(
                "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}");

        assertThat(result.path("metadata").path("finalizers")).isEqualTo(json("['a','c']"));
    }

    @Test
    void replacesListsWithoutAMergeKey() throws Exception {
        JsonNode result = apply("{'args':['--a','--b']}", "{'args':['--c']}");

        assertThat(result).isEqualTo(json("{'args':['--c']}"));
    }

    @Test
    void leavesTheOriginalUntouched() throws Exception {
        JsonNode original = json("{'spec':{'replicas':1}}");

        StrategicMergePatch.apply(original, json("{'spec':{'replicas':2}}"));

        assertThat(original).isEqualTo(json("{'spec':{'replicas':1}}"));
    }
}
