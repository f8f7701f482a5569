    // ... existing code ...
    }

    @Test
    void templatesIncludeTheFiveOfTheContractEachWithInstructions() {
        TestApi.Response response = api.get("/api/templates");

        assertThat(response.status()).isEqualTo(200);
            // ... existing code ...
            assertThat(template.has("port")).isTrue();
            assertThat(template.get("ready").isBoolean()).isTrue();
        }
        assertThat(ids).containsSubsequence("code-interpreter-v1", "nextjs-developer", "vue-developer",
                "streamlit-developer", "gradio-developer");
    }

    @Test
// ... existing code ...
