                // ... rest of the code ...
                .contains("cobol-v9", "code-interpreter-v1", "nextjs-developer", "vue-developer", "streamlit-developer",
                        "gradio-developer");

        // a template this server cannot run yet (being prepared) or at all (no package index): 503 naming it
        TestApi.Response web = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "gradio-developer", "code", "x")));
        assertThat(web.status()).isEqualTo(503);
        assertThat(web.json().get("message").asString()).contains("template gradio-developer");

        assertThat(new TestApi(port).post("/api/sandbox", Map.of()).status()).isEqualTo(401);
    }
// ... rest of the code ...
