package io.codingit.web;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.type.MethodMetadata;
import org.springframework.stereotype.Component;

/**
 * Makes springdoc's beans lazy, so that the OpenAPI description's machinery (springdoc, swagger-core and the
 * Jackson 2 mapper it brings, ~500 classes) is built by the first request for {@code /api/openapi.json} or
 * {@code /api/docs} instead of at start-up (issue 21, docs/memory.md). springdoc's controllers stay mapped: Spring
 * MVC registers a lazy controller by its bean name and makes it when a request first needs it. Our own
 * customizers of the description ({@link OpenApiConfig} and the features' {@code OperationCustomizer}s) are
 * {@code @Lazy} themselves.
 */
@Component
class LazyOpenApi implements BeanFactoryPostProcessor {
    private static final String SPRINGDOC = "org.springdoc.";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (fromSpringdoc(definition)) {
                definition.setLazyInit(true);
            }
        }
    }

    private static boolean fromSpringdoc(BeanDefinition definition) {
        String type = definition.getBeanClassName();
        if (type != null && type.startsWith(SPRINGDOC)) {
            return true;
        }
        MethodMetadata factoryMethod = definition instanceof AnnotatedBeanDefinition annotated
                ? annotated.getFactoryMethodMetadata() : null;
        return factoryMethod != null && factoryMethod.getDeclaringClassName().startsWith(SPRINGDOC);
    }
}
