package org.salon.media.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** Janus nodes added or drained at run time, remembered across restarts of media-gateway. */
@ApplicationScoped
public class NodeRegistry {

    public record SavedNode(String name, String url, boolean draining) {
    }

    @Inject
    AgroalDataSource db;

    public List<SavedNode> all() {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select name, url, draining from janus_node order by name");
                ResultSet r = s.executeQuery()) {
            List<SavedNode> nodes = new ArrayList<>();
            while (r.next()) {
                nodes.add(new SavedNode(r.getString(1), r.getString(2), r.getBoolean(3)));
            }
            return nodes;
        } catch (SQLException e) {
            throw new IllegalStateException("janus_node not readable: " + e.getMessage(), e);
        }
    }

    public void save(String name, String url, boolean draining) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into janus_node (name, url, draining) values (?, ?, ?) "
                        + "on conflict (name) do update set url = excluded.url, draining = excluded.draining")) {
            s.setString(1, name);
            s.setString(2, url);
            s.setBoolean(3, draining);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("janus_node not writable: " + e.getMessage(), e);
        }
    }

    public void forget(String name) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("delete from janus_node where name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("janus_node not writable: " + e.getMessage(), e);
        }
    }
}
