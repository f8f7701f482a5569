package io.codingit.support;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real DataSource and counts statement executions (each {@code execute*} call, a whole
 * JDBC batch counting once), so tests can assert that work does not issue one query per row.
 */
public final class StatementCountingDataSource extends DelegatingDataSource {
    private final AtomicInteger executions = new AtomicInteger();

    public StatementCountingDataSource(DataSource target) {
        super(target);
    }

    public int executions() {
        return executions.get();
    }

    public void reset() {
        executions.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrapConnection(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrapConnection(super.getConnection(username, password));
    }

    private Connection wrapConnection(Connection connection) {
        return proxy(Connection.class, connection, (result, method) -> {
            if (result instanceof CallableStatement s) {
                return countingStatement(CallableStatement.class, s);
            }
            if (result instanceof PreparedStatement s) {
                return countingStatement(PreparedStatement.class, s);
            }
            if (result instanceof Statement s) {
                return countingStatement(Statement.class, s);
            }
            return result;
        });
    }

    private <T extends Statement> T countingStatement(Class<T> type, T statement) {
        return proxy(type, statement, (result, method) -> result);
    }

    private interface ResultWrapper {
        Object wrap(Object result, Method method);
    }

    private <T> T proxy(Class<T> type, T target, ResultWrapper wrapper) {
        InvocationHandler handler = (p, method, args) -> {
            if (Statement.class.isAssignableFrom(type) && method.getName().startsWith("execute")) {
                executions.incrementAndGet();
            }
            try {
                Object result = method.invoke(target, args);
                boolean unwrapping = method.getName().equals("unwrap") || method.getName().equals("isWrapperFor");
                return unwrapping ? result : wrapper.wrap(result, method);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
