          {/* ... rest of the code ... */}
          </li>
        ))}
      </ul>
    </div>
  );
}
